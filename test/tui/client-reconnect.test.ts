import type { ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { request } from "../../client/graphql-http.ts";
import { DroverClient, type ConnectionState } from "../../tui/api/client.ts";
import { JOB_EVENTS } from "../../tui/screens/jobs/documents.ts";
import { eventually, freePort } from "../support/agents.ts";
import { spawnServer } from "../support/server-process.ts";

describe("the TUI's client across a server restart", () => {
  let server: ChildProcess | null = null;
  let client: DroverClient | null = null;
  let dataDir = "";

  afterAll(async () => {
    await client?.close();
    server?.kill("SIGKILL");
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("shows the lost connection, reconnects, and resumes each subscription after its last seq", async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-reconnect-"));
    const port = await freePort();
    server = await spawnServer(port, dataDir);
    const url = `http://127.0.0.1:${port}/graphql`;
    const token = (await fs.readFile(path.join(dataDir, "admin.token"), "utf8")).trim();
    client = new DroverClient(url, token, { keepAliveMs: 500 });
    const states: ConnectionState[] = [];
    client.onStatus((s) => states.push(s.state));
    const submit = (name: string) =>
      request(url, token, `mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, {
        input: { name, type: "BATCH", command: "true" },
      });

    let last = 0;
    const errors: string[] = [];
    const seen: { seq: number; name: string; type: string }[] = [];
    client.live(JOB_EVENTS, () => ({ namespace: null, after: last }), {
      next: (d) => {
        seen.push({ seq: d.jobEvents.seq, name: d.jobEvents.job.name, type: d.jobEvents.type });
        last = d.jobEvents.seq;
      },
      error: (err) => errors.push(err.message),
    });
    await eventually(async () => client!.connection.state === "live");
    await submit("before-restart");
    const submitted = () => seen.filter((e) => e.type === "JOB_SUBMITTED").map((e) => e.name);
    await eventually(async () => submitted().length === 1 || errors.length > 0, { what: "the first event" });
    expect(errors).toEqual([]);

    server.kill("SIGKILL");
    await eventually(async () => client!.connection.state === "reconnecting", { what: "reconnecting" });
    expect(client.connection.reason).toBeTruthy();
    server = await spawnServer(port, dataDir);
    // Written while the client may still be away: the resumed subscription must replay it.
    await submit("while-away");
    await eventually(async () => client!.connection.state === "live", { what: "live again", timeoutMs: 20_000 });
    await submit("after-restart");
    await eventually(async () => submitted().length >= 3, { what: "three submissions", timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 300));

    // Each submission once, in order, and every event after the last one applied: no replay from the start.
    expect(submitted()).toEqual(["before-restart", "while-away", "after-restart"]);
    expect(seen.every((e, i) => i === 0 || e.seq > seen[i - 1].seq)).toBe(true);
    expect(states).toContain("reconnecting");
    expect(states.at(-1)).toBe("live");
  }, 60_000);
});

describe("the TUI's client with no server to reach", () => {
  it("closes without an error while it is still trying to connect (q quits cleanly)", async () => {
    const port = await freePort();
    const lonely = new DroverClient(`http://127.0.0.1:${port}/graphql`, "token", { keepAliveMs: 500 });
    await eventually(async () => lonely.connection.attempt >= 1, { what: "a refused connection attempt" });
    await expect(lonely.close()).resolves.toBeUndefined();
    expect(lonely.connection.state).toBe("closed");
  });
});
