import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/server.ts";
import { createTestDatabase, databaseProviders, type TestDatabase } from "../support/database.ts";
import { eventually } from "../support/agents.ts";
import { openIngestWriter } from "../../server/db/ingest-writer.ts";

const providers = await databaseProviders();

/**
 * Log following while lines arrive by every route. Lines reported through the
 * server a follower is on are handed over without a read; lines stored
 * elsewhere (through a second replica on PostgreSQL; on SQLite, which is one
 * server's database, by a writer of its own), resends, lines an agent dropped
 * and a batch too big to hand over all go through the database. Whatever the
 * mix, each follower gets every stored line exactly once, in order.
 */
describe.each(providers)("following logs on %s", (provider) => {
  let db: TestDatabase;
  let a: TestServer;
  /** Reports lines so that the followers' server does not see them go by. */
  let elsewhere: (executionId: string, from: number, to: number) => Promise<void>;
  let closeElsewhere = async () => {};
  let jobId: string;
  const nodeId = "node-follow";
  const tokens = new Map<TestServer, string>();

  beforeAll(async () => {
    db = await createTestDatabase(provider);
    a = await startTestServer(provider, { controlLoops: false, database: db });
    const job = await a.gql(`mutation { submitJob(input: { name: "follow", type: BATCH, command: "true" }) { job { id namespace } } }`);
    jobId = job.data.submitJob.job.id;
    const reg = await a.gql(`mutation { registerNode(input: { nodeId: "${nodeId}", hostname: "follow", capacity: 4 }) { token } }`);
    tokens.set(a, reg.data.registerNode.token);
    if (provider === "postgresql") {
      const b = await startTestServer(provider, { controlLoops: false, database: db });
      tokens.set(b, reg.data.registerNode.token);
      elsewhere = (id, from, to) => report(b, id, from, to);
      closeElsewhere = () => b.stop();
    } else {
      const writer = openIngestWriter(db.url);
      elsewhere = async (id, from, to) => {
        const at = new Date();
        await writer.insertIgnoring("LogLine", ["executionId", "jobId", "runId", "nodeId", "lineNo", "stream", "at", "text"],
          range(from, to).map((n) => [id, jobId, null, nodeId, n, "stdout", at, `${id} ${n}`]));
      };
      closeElsewhere = () => writer.close();
    }
    const now = new Date();
    for (const id of ["exec-follow-1", "exec-follow-2"]) {
      await a.services().db.prisma.execution.create({
        data: {
          id, jobId, namespace: "default", nodeId, jobType: "BATCH", jobVersion: 1,
          desiredState: "RUNNING", desiredMessage: "", computeState: "RUNNING", computeMessage: "",
          computeDetails: {}, details: {}, revision: 1, attempt: 1, reportCounter: 0, createdAt: now, updatedAt: now,
        },
      });
    }
  });
  afterAll(async () => {
    await a?.stop();
    await closeElsewhere();
    await db?.drop();
  });

  const report = async (server: TestServer, executionId: string, from: number, to: number) => {
    const lineNos = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const at = new Date().toISOString();
    const r = await server.gql(
      `mutation($node: ID!, $batches: [LogBatchInput!]) { reportLogs(nodeId: $node, batches: $batches) }`,
      { node: nodeId, batches: [{ executionId, lineNos, streams: lineNos.map(() => "stdout"), at: lineNos.map(() => at), texts: lineNos.map((n) => `${executionId} ${n}`) }] },
      { token: tokens.get(server)! },
    );
    expect(r.errors).toBeUndefined();
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it("delivers every line once, in order, whichever replica stored it and however it came", async () => {
    const single = collect(a.ws(), `subscription($id: ID) { logLines(executionId: $id) { lines { lineNo text } } }`, { id: "exec-follow-1" });
    const merged = collect(a.ws(), `subscription($id: ID) { logLines(jobId: $id, since: "1h") { lines { executionId lineNo text } } }`, { id: jobId });
    const linesOf = (c: typeof single) => c.items.flatMap((i: any) => i.logLines.lines) as { executionId?: string; lineNo: number; text: string }[];
    await new Promise((r) => setTimeout(r, 300));

    await report(a, "exec-follow-1", 1, 100);
    await report(a, "exec-follow-2", 1, 50);
    await elsewhere("exec-follow-1", 101, 150); // nothing handed over for these
    await report(a, "exec-follow-1", 151, 300);
    await report(a, "exec-follow-1", 310, 320); // the agent dropped 301-309
    await report(a, "exec-follow-1", 200, 250); // a resend
    await report(a, "exec-follow-1", 321, 6320); // more than a hand-off holds
    await elsewhere("exec-follow-2", 51, 60);
    await report(a, "exec-follow-2", 61, 70);

    const expected1 = [...range(1, 300), ...range(310, 6320)];
    await eventually(async () => linesOf(single).length >= expected1.length, { what: "every line of exec-follow-1" });
    await eventually(async () => linesOf(merged).length >= expected1.length + 70, { what: "every line of the job" });
    // Longer than a poll: nothing more may arrive.
    await new Promise((r) => setTimeout(r, 700));
    expect(single.errors).toEqual([]);
    expect(merged.errors).toEqual([]);

    const got1 = linesOf(single);
    expect(got1.map((l) => l.lineNo)).toEqual(expected1);
    expect(got1.every((l) => l.text === `exec-follow-1 ${l.lineNo}`)).toBe(true);

    const all = linesOf(merged);
    expect(all.filter((l) => l.executionId === "exec-follow-1").map((l) => l.lineNo)).toEqual(expected1);
    expect(all.filter((l) => l.executionId === "exec-follow-2").map((l) => l.lineNo)).toEqual(range(1, 70));
    expect(all).toHaveLength(expected1.length + 70);
    single.stop();
    merged.stop();
  });
});
