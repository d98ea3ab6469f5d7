import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { setStatementSink } from "../../server/db/statement-trace.ts";

/**
 * Each list costs the same statements whatever its page size: a field asked
 * of every row is one batched statement for the page, never one per row.
 * Statements are traced per request (authentication included) through the
 * Prisma adapter and the direct-driver reads alike.
 */
const ROWS = 55;

const LISTS: { name: string; query: (first: number, ids: Ids) => string; statements: number }[] = [
  {
    name: "jobs with state and latest run",
    query: (n) => `{ jobs(first: ${n}) { seq edges { node { id name status { state { stateType } latestRun { id state } } } } } }`,
    // token, seq, jobs, latest runs
    statements: 4,
  },
  {
    name: "jobs with every per-row status field and the counts",
    query: (n) =>
      `{ jobs(first: ${n}) { totalCount statusCounts { state count } edges { node { id spec { name } status { rollout { id } latestRun { id } runCounts { total } runningExecutions } } } } }`,
    // token, seq, jobs, count, per-state count, latest runs, run counts, running executions
    statements: 8,
  },
  {
    name: "nodes with active executions",
    query: (n) => `{ nodes(first: ${n}) { totalCount edges { node { id state runningExecutions } } } }`,
    statements: 5,
  },
  {
    name: "executions with their job spec",
    query: (n) => `{ executions(first: ${n}) { totalCount edges { node { id computeState { stateType } jobSpec { name } } } } }`,
    statements: 5,
  },
  {
    name: "evaluations",
    query: (n) => `{ evaluations(first: ${n}) { totalCount edges { node { id status } } } }`,
    statements: 4,
  },
  {
    name: "runs of a job with responses and timeline",
    query: (n, ids) =>
      `{ runs(jobId: "${ids.job}", first: ${n}) { totalCount statusCounts { state count } edges { node { id state responses { nodeId status } agentStates { nodeId } timeline { event } } } } }`,
    // token, job, seq, runs, count, per-state count, executions of the runs, timelines of the runs
    statements: 8,
  },
];

interface Ids {
  job: string;
}

for (const provider of ["sqlite", "postgresql"] as const) {
  describe(`statements per list page on ${provider}`, () => {
    let t: TestServer;
    const ids: Ids = { job: "" };

    beforeAll(async () => {
      t = await startTestServer(provider, { controlLoops: false });
      const prisma = t.services().db.prisma;
      const jobIds: string[] = [];
      for (let i = 0; i < ROWS; i++) {
        const r = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, {
          input: { name: `job-${i}`, namespace: "perf", type: "BATCH", command: "true" },
        });
        expect(r.errors).toBeUndefined();
        jobIds.push(r.data.submitJob.job.id);
      }
      ids.job = jobIds[0];
      const now = new Date();
      const row = (i: number) => String(i).padStart(4, "0");
      await prisma.node.createMany({
        data: Array.from({ length: ROWS }, (_, i) => ({
          id: `node-perf-${row(i)}`, hostname: `h${i}`, capacity: 4, state: "READY" as const, labels: {}, runtimes: {}, registeredAt: now, updatedAt: now, revision: 1,
        })),
      });
      // Every job has a run; the first job has ROWS of them, each with an execution and a timeline row.
      const runs = [
        ...jobIds.map((jobId, i) => ({ id: `run-a${row(i)}`, jobId })),
        ...Array.from({ length: ROWS }, (_, i) => ({ id: `run-b${row(i)}`, jobId: jobIds[0] })),
      ];
      await prisma.run.createMany({
        data: runs.map((r) => ({ ...r, namespace: "perf", jobVersion: 1, state: "RUNNING" as const, trigger: "MANUAL" as const, operation: {}, message: "", createdAt: now, updatedAt: now })),
      });
      const firstJobRuns = runs.filter((r) => r.jobId === jobIds[0]);
      await prisma.execution.createMany({
        data: firstJobRuns.map((r, i) => ({
          id: `exec-${row(i)}`, jobId: jobIds[0], namespace: "perf", nodeId: `node-perf-${row(i % ROWS)}`, jobType: "BATCH", jobVersion: 1, runId: r.id,
          desiredState: "RUNNING" as const, desiredMessage: "", computeState: "RUNNING" as const, computeMessage: "", computeDetails: {}, details: {},
          revision: 1, attempt: 1, reportCounter: 0, createdAt: now, updatedAt: now,
        })),
      });
      await prisma.runTimelineEvent.createMany({
        data: firstJobRuns.map((r, i) => ({ id: `rte-${row(i)}`, runId: r.id, executionId: `exec-${row(i)}`, nodeId: `node-perf-${row(i % ROWS)}`, event: "started", message: "", at: now })),
      });
      expect(await prisma.evaluation.count()).toBeGreaterThanOrEqual(ROWS);
    });

    afterAll(async () => {
      setStatementSink(null);
      await t?.stop();
    });

    /** The statements one request issued. */
    async function statementsOf(query: string): Promise<string[]> {
      const traced: string[][] = [];
      setStatementSink((s) => traced.push(s));
      try {
        const r = await t.gql(query);
        expect(r.errors).toBeUndefined();
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        setStatementSink(null);
      }
      expect(traced).toHaveLength(1);
      return traced[0];
    }

    for (const list of LISTS) {
      it(`${list.name}: the same ${list.statements} statements for a page of 5 and of 50`, async () => {
        const small = await statementsOf(list.query(5, ids));
        const large = await statementsOf(list.query(50, ids));
        expect(large.length, large.join("\n")).toBe(small.length);
        expect(large.length, large.join("\n")).toBe(list.statements);
      });
    }

    it("counts only when the selection asks for them", async () => {
      const plain = await statementsOf(`{ jobs(first: 50) { edges { node { id } } } }`);
      expect(plain.filter((s) => /count\(/i.test(s))).toEqual([]);
      // The total is read from the counts the Job triggers keep, never by counting the jobs themselves.
      const counted = await statementsOf(`{ jobs(first: 50) { totalCount statusCounts { state count } edges { node { id } } } }`);
      expect(counted.filter((s) => /FROM "Job"/.test(s) && /count\(/i.test(s))).toEqual([]);
      expect(counted.filter((s) => /FROM "ListCount"/.test(s))).toHaveLength(2);
      // A label selector is not among the kept keys: that total counts the matching rows.
      const selected = await statementsOf(`{ jobs(first: 50, selector: "tier=web") { totalCount edges { node { id } } } }`);
      expect(selected.filter((s) => /FROM "Job"/.test(s) && /count\(/i.test(s))).toHaveLength(1);
      const nodes = await statementsOf(`{ nodes(first: 50) { edges { node { id } } } }`);
      expect(nodes.filter((s) => /count\(/i.test(s))).toEqual([]);
    });

    it("tokens: one statement for the list beside the token lookup", async () => {
      const s = await statementsOf(`{ tokens { id name } joinTokens { id } }`);
      expect(s.length, s.join("\n")).toBe(3);
    });
  });
}
