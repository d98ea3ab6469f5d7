import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { databaseProviders } from "../support/database.ts";
import { collect, startTestServer, type TestServer } from "../support/server.ts";

/** graphql-ws from a page the server served (same Origin), as GraphiQL or a browser UI connects. */
function browserClient(t: TestServer) {
  const origin = new URL(t.server.url).origin;
  class PageSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { origin });
    }
  }
  return createClient({ url: t.server.wsUrl, webSocketImpl: PageSocket, connectionParams: { authorization: `Bearer ${t.token}` }, lazy: true, retryAttempts: 0 });
}

// A subscriber that resumes after a seq no event has yet would never see the
// events written up to that seq: it is refused, and a valid resume still works.
for (const provider of await databaseProviders()) {
  describe(`subscribing after a seq beyond the newest event (${provider})`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(provider, { controlLoops: false });
    });
    afterAll(async () => t?.stop());

    it("is VALIDATION_FAILED on field after, naming the newest seq, over graphql-ws", async () => {
      await t.gql(`mutation { submitJob(input: { name: "ahead", type: BATCH, command: "true" }) { seq } }`);
      const newest = (await t.gql(`{ jobs { seq } }`)).data.jobs.seq as number;
      const sub = collect(browserClient(t), `subscription($after: Seq) { jobEvents(after: $after) { seq } }`, { after: newest + 50 });
      await sub.waitFor(1, 3000);
      expect(sub.items).toEqual([]);
      const err = sub.errors[0] as { message: string; extensions?: Record<string, unknown> };
      expect(err.extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "after", newestSeq: newest });
      expect(err.message).toContain(`seq ${newest}`);
      sub.stop();
    });

    it("still replays and goes live from the newest seq itself", async () => {
      await t.gql(`mutation { submitJob(input: { name: "current", type: BATCH, command: "true" }) { seq } }`);
      const at = (await t.gql(`{ jobs { seq } }`)).data.jobs.seq as number;
      const sub = collect(browserClient(t), `subscription($after: Seq) { jobEvents(after: $after) { seq job { name } } }`, { after: at });
      // Give the subscription time to be set up before the next write.
      await new Promise((r) => setTimeout(r, 200));
      await t.gql(`mutation { submitJob(input: { name: "after-current", type: BATCH, command: "true" }) { seq } }`);
      const items = await sub.waitFor(1, 5000);
      expect(sub.errors).toEqual([]);
      expect(items[0]?.jobEvents.job.name).toBe("after-current");
      expect(items[0]?.jobEvents.seq).toBeGreaterThan(at);
      sub.stop();
    });
  });
}
