import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneEvents } from "../../server/events/log.ts";
import { databaseProviders } from "../support/database.ts";
import { collect, startTestServer, type TestServer } from "../support/server.ts";

// The unified event stream: every topic through one resumable subscription,
// filtered by topic, namespace and job, with bookmarks for idle subscribers.
const STREAM = `subscription($topics: [EventTopic!], $namespace: String, $jobId: ID, $after: Seq, $bookmarkSeconds: Int) {
  events(topics: $topics, namespace: $namespace, jobId: $jobId, after: $after, bookmarkSeconds: $bookmarkSeconds) {
    seq type topic namespace jobId runId nodeId
    job { name namespace } run { id jobId state } node { id hostname } execution { id } rollout { id }
  }
}`;

const SUBMIT = `mutation($name: String!, $ns: String) { submitJob(input: { name: $name, namespace: $ns, type: BATCH, command: "true" }) { seq job { id } } }`;
const TRIGGER = `mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`;
const REGISTER = `mutation($id: String!) { registerNode(input: { nodeId: $id, hostname: $id, capacity: 1, labels: {} }) { node { id } } }`;
const TOKEN = `mutation($input: CreateTokenInput!) { createToken(input: $input) { secret } }`;

type StreamEvent = {
  seq: number;
  type: string;
  topic: string | null;
  namespace: string | null;
  jobId: string | null;
  runId: string | null;
  nodeId: string | null;
  job: { name: string; namespace: string } | null;
  run: { id: string; jobId: string; state: string } | null;
  node: { id: string; hostname: string } | null;
  execution: { id: string } | null;
  rollout: { id: string } | null;
};
const events = (items: { events: StreamEvent }[]) => items.map((i) => i.events);
const codeOf = (errors: unknown[]) => (errors[0] as { extensions?: { code?: string; field?: string } } | undefined)?.extensions;

for (const provider of await databaseProviders()) {
  describe(`the unified event stream (${provider})`, () => {
    let t: TestServer;
    beforeAll(async () => {
      // No control loops: only the writes this test makes appear in the log.
      t = await startTestServer(provider, { controlLoops: false });
    });
    afterAll(async () => t?.stop());

    it("delivers every topic in commit order, each event carrying the one object its topic names", async () => {
      const all = collect(t.ws(), STREAM, {});
      await new Promise((r) => setTimeout(r, 200)); // subscribed before the writes
      await t.gql(REGISTER, { id: "node-stream-1" });
      const job = (await t.gql(SUBMIT, { name: "stream-a" })).data.submitJob.job.id;
      const run = (await t.gql(TRIGGER, { id: job })).data.triggerRun.run.id;
      const got = events(await all.waitFor(3));
      all.stop();
      expect(all.errors).toEqual([]);
      const [node, submitted, created] = got;
      expect(node).toMatchObject({ topic: "NODE", type: "NODE_REGISTERED", nodeId: "node-stream-1", node: { id: "node-stream-1" }, job: null, run: null });
      expect(submitted).toMatchObject({ topic: "JOB", type: "JOB_SUBMITTED", jobId: job, namespace: "default", job: { name: "stream-a" }, node: null, run: null });
      expect(created).toMatchObject({ topic: "RUN", type: "RUN_CREATED", runId: run, run: { id: run, jobId: job }, job: null });
      const seqs = got.map((e) => e.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(seqs.length);
    });

    it("filters by topic and by job, and replays a missed range with `after` exactly like the live stream saw it", async () => {
      const before = (await t.gql(SUBMIT, { name: "stream-before" })).data.submitJob.seq;
      const live = collect(t.ws(), STREAM, {});
      const runsOnly = collect(t.ws(), STREAM, { topics: ["RUN"] });
      await new Promise((r) => setTimeout(r, 200));
      const a = (await t.gql(SUBMIT, { name: "stream-b" })).data.submitJob.job.id;
      const b = (await t.gql(SUBMIT, { name: "stream-c" })).data.submitJob.job.id;
      const oneJob = collect(t.ws(), STREAM, { jobId: b, after: before });
      await t.gql(TRIGGER, { id: a });
      await t.gql(TRIGGER, { id: b });
      const liveGot = events(await live.waitFor(4));
      const runs = events(await runsOnly.waitFor(2));
      const forB = events(await oneJob.waitFor(2));
      expect(runs.map((e) => e.topic)).toEqual(["RUN", "RUN"]);
      expect(runs.map((e) => e.run?.jobId)).toEqual([a, b]);
      expect(forB.map((e) => [e.type, e.jobId])).toEqual([
        ["JOB_SUBMITTED", b],
        ["RUN_CREATED", b],
      ]);
      const replay = collect(t.ws(), STREAM, { after: before });
      const replayed = events(await replay.waitFor(4));
      expect(replayed.map((e) => e.seq)).toEqual(liveGot.map((e) => e.seq));
      expect(replayed.map((e) => e.type)).toEqual(["JOB_SUBMITTED", "JOB_SUBMITTED", "RUN_CREATED", "RUN_CREATED"]);
      for (const c of [live, runsOnly, oneJob, replay]) c.stop();
    });

    it("sends an idle subscriber bookmarks whose seq is a fresh, gap-free resume point", async () => {
      const idle = collect(t.ws(), STREAM, { topics: ["RUN"], bookmarkSeconds: 1 });
      await new Promise((r) => setTimeout(r, 200));
      const job = (await t.gql(SUBMIT, { name: "stream-idle" })).data.submitJob;
      // Only job events were written: the RUN subscriber sees nothing but a bookmark past them.
      const [mark] = events(await idle.waitFor(1, 4000));
      idle.stop();
      expect(mark).toMatchObject({ type: "BOOKMARK", topic: null, job: null, run: null, node: null, jobId: null });
      expect(mark.seq).toBeGreaterThanOrEqual(job.seq);
      const run = (await t.gql(TRIGGER, { id: job.job.id })).data.triggerRun.run.id;
      const resumed = collect(t.ws(), STREAM, { topics: ["RUN"], after: mark.seq, bookmarkSeconds: 60 });
      const [next] = events(await resumed.waitFor(1));
      resumed.stop();
      expect(next).toMatchObject({ type: "RUN_CREATED", runId: run });
    });

    it("keeps a namespace-limited token to its namespace and refuses what cannot be streamed, naming the argument", async () => {
      const viewer = (await t.gql(TOKEN, { input: { name: "stream-viewer", namespace: "team-a", role: "VIEWER" } })).data.createToken.secret;
      const everything = collect(t.ws(viewer), STREAM, {});
      const other = collect(t.ws(viewer), STREAM, { namespace: "team-b" });
      await everything.waitFor(1, 2000);
      await other.waitFor(1, 2000);
      expect(codeOf(everything.errors)?.code).toBe("FORBIDDEN");
      expect(codeOf(other.errors)?.code).toBe("FORBIDDEN");

      const mine = collect(t.ws(viewer), STREAM, { namespace: "team-a" });
      await new Promise((r) => setTimeout(r, 200));
      await t.gql(SUBMIT, { name: "stream-b-job", ns: "team-b" });
      await t.gql(SUBMIT, { name: "stream-a-job", ns: "team-a" });
      const got = events(await mine.waitFor(1));
      await new Promise((r) => setTimeout(r, 300));
      mine.stop();
      expect(got.map((e) => e.job?.name)).toEqual(["stream-a-job"]);

      const nodes = collect(t.ws(), STREAM, { namespace: "team-a", topics: ["NODE"] });
      const tooOften = collect(t.ws(), STREAM, { bookmarkSeconds: 0 });
      await nodes.waitFor(1, 2000);
      await tooOften.waitFor(1, 2000);
      expect(codeOf(nodes.errors)).toMatchObject({ code: "VALIDATION_FAILED", field: "topics" });
      expect(codeOf(tooOften.errors)).toMatchObject({ code: "VALIDATION_FAILED", field: "bookmarkSeconds" });
    });

    it("answers RESYNC_REQUIRED for a resume point retention removed", async () => {
      const old = (await t.gql(SUBMIT, { name: "stream-pruned" })).data.submitJob.seq;
      await t.gql(SUBMIT, { name: "stream-kept" });
      await pruneEvents(t.services().db.prisma, new Date(Date.now() + 60_000));
      const stale = collect(t.ws(), STREAM, { after: old - 1 });
      await stale.waitFor(1, 2000);
      expect(codeOf(stale.errors)?.code).toBe("RESYNC_REQUIRED");
    });
  });
}
