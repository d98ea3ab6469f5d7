import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../server/auth/tokens.ts";
import { triggerRun } from "../../server/runs/trigger.ts";
import { startTestServer, type TestServer, submitJobId } from "../support/server.ts";

const LIST = `query($status: RunStatus, $state: RunState, $namespace: String, $jobId: ID, $limit: Int, $offset: Int, $first: Int, $after: String) {
  runList(status: $status, state: $state, namespace: $namespace, jobId: $jobId, limit: $limit, offset: $offset, first: $first, after: $after) {
    totalCount totalItems seq
    statusCounts { submitted processing completed failed partialFailure }
    stateCounts { state count }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { node { id namespace jobId state status } }
  }
}`;

const TRIGGER = `mutation($jobId: ID!, $meta: StringMap, $payload: String, $key: String) {
  triggerRun(jobId: $jobId, meta: $meta, payload: $payload, idempotencyKey: $key) { created run { id state status meta payload } }
}`;

/**
 * The cross-job run list (the osapi seed's GET /job) and parameterised
 * triggers, against a real server and database. Runs are made through the
 * API; their end states are set on the rows, since no scheduler runs here.
 */
export function defineRunListSuite(provider: "sqlite" | "postgresql") {
  describe(`runList and run parameters on ${provider}`, () => {
    let t: TestServer;
    let jobs: Record<string, string>;
    /** Run ids per namespace, oldest first. */
    const made: Record<string, string[]> = { alpha: [], beta: [] };
    // In alpha: 2 pending, 1 queued, 1 running, 3 succeeded, 1 failed, 1 cancelled; in beta: 1 partial failure, 1 succeeded.
    const ALPHA: string[] = ["PENDING", "PENDING", "QUEUED", "RUNNING", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED", "CANCELLED"];
    const BETA: string[] = ["PARTIAL_FAILURE", "SUCCEEDED"];

    const submit = (input: Record<string, unknown>) => submitJobId(t, input);

    beforeAll(async () => {
      t = await startTestServer(provider, { controlLoops: false });
      jobs = {
        a1: await submit({ name: "a1", namespace: "alpha", type: "BATCH", command: "true" }),
        a2: await submit({ name: "a2", namespace: "alpha", type: "OPS", command: "true" }),
        b1: await submit({ name: "b1", namespace: "beta", type: "OPS", command: "true" }),
      };
      const prisma = t.services().db.prisma;
      for (const [ns, states] of [["alpha", ALPHA], ["beta", BETA]] as const) {
        for (const [i, state] of states.entries()) {
          const jobId = ns === "beta" ? jobs.b1 : i % 2 ? jobs.a2 : jobs.a1;
          const r = await t.gql(TRIGGER, { jobId });
          expect(r.errors).toBeUndefined();
          const id = r.data.triggerRun.run.id as string;
          await prisma.run.update({ where: { id }, data: { state: state as never } });
          made[ns].push(id);
        }
      }
    }, 60_000);
    afterAll(async () => {
      await t?.stop();
    });

    const list = async (vars: Record<string, unknown> = {}, token?: string) => t.gql(LIST, vars, { token });

    it("lists every job's runs newest first, 10 by default, with total_items and status_counts from the same read", async () => {
      const r = await list();
      expect(r.errors).toBeUndefined();
      const page = r.data.runList;
      const all = [...made.alpha, ...made.beta].sort().reverse();
      expect(page.edges.map((e: any) => e.node.id)).toEqual(all.slice(0, 10));
      expect(page).toMatchObject({ totalCount: 11, totalItems: 11, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
      expect(page.statusCounts).toEqual({ submitted: 3, processing: 1, completed: 4, failed: 2, partialFailure: 1 });
      expect(Object.fromEntries(page.stateCounts.map((c: any) => [c.state, c.count]))).toEqual({
        PENDING: 2, QUEUED: 1, RUNNING: 1, SUCCEEDED: 4, FAILED: 1, CANCELLED: 1, PARTIAL_FAILURE: 1,
      });
      expect(page.seq).toBeGreaterThan(0);
    });

    it("filters by the seed's status (a cancelled run reads failed) and by Drover's state; the counts ignore both filters", async () => {
      const failed = (await list({ status: "FAILED" })).data.runList;
      expect(failed.totalItems).toBe(2);
      expect(failed.edges.map((e: any) => [e.node.state, e.node.status])).toEqual([
        ["CANCELLED", "FAILED"],
        ["FAILED", "FAILED"],
      ]);
      expect(failed.statusCounts).toEqual({ submitted: 3, processing: 1, completed: 4, failed: 2, partialFailure: 1 });
      const submitted = (await list({ status: "SUBMITTED" })).data.runList;
      expect(submitted.edges.map((e: any) => e.node.state).sort()).toEqual(["PENDING", "PENDING", "QUEUED"]);
      const both = (await list({ status: "SUBMITTED", state: "QUEUED" })).data.runList;
      expect(both.totalItems).toBe(1);
      const contradictory = (await list({ status: "COMPLETED", state: "FAILED" })).data.runList;
      expect(contradictory).toMatchObject({ totalItems: 0, edges: [] });
      const partial = (await list({ status: "PARTIAL_FAILURE" })).data.runList;
      expect(partial.edges.map((e: any) => e.node.id)).toEqual([made.beta[0]]);
    });

    it("pages with limit and offset, and with Relay cursors, to the same rows", async () => {
      const all = [...made.alpha, ...made.beta].sort().reverse();
      const byOffset = (await list({ limit: 4, offset: 4 })).data.runList;
      expect(byOffset.edges.map((e: any) => e.node.id)).toEqual(all.slice(4, 8));
      expect(byOffset.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const last = (await list({ limit: 4, offset: 8 })).data.runList;
      expect(last.edges.map((e: any) => e.node.id)).toEqual(all.slice(8));
      expect(last.pageInfo.hasNextPage).toBe(false);
      const past = (await list({ offset: 50 })).data.runList;
      expect(past).toMatchObject({ totalItems: 11, edges: [] });
      const first = (await list({ first: 4 })).data.runList;
      const next = (await list({ first: 4, after: first.pageInfo.endCursor })).data.runList;
      expect(next.edges.map((e: any) => e.node.id)).toEqual(all.slice(4, 8));
      const mixed = (await list({ first: 2, after: first.pageInfo.endCursor, offset: 1 })).data.runList;
      expect(mixed.edges.map((e: any) => e.node.id)).toEqual(all.slice(5, 7));
      const oneJob = (await list({ jobId: jobs.a2, limit: 100 })).data.runList;
      expect(oneJob.totalItems).toBe(4);
      expect(oneJob.edges.every((e: any) => e.node.jobId === jobs.a2)).toBe(true);
    });

    it.each([
      [{ limit: 0 }, "limit"],
      [{ limit: 101 }, "limit"],
      [{ limit: 5, first: 5 }, "limit"],
      [{ first: 0 }, "first"],
      [{ offset: -1 }, "offset"],
    ])("refuses %j with VALIDATION_FAILED on %s", async (vars, field) => {
      const r = await list(vars);
      expect(r.data).toBeNull();
      expect(r.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field });
    });

    it("a token limited to a namespace sees only its runs, in the counts too; one for no namespace with runs sees none; a join token is refused", async () => {
      const s = t.services();
      const alpha = await createToken(s.db.prisma, s.clock, { name: "alpha-viewer", kind: "USER", roles: { alpha: "viewer" } });
      const gamma = await createToken(s.db.prisma, s.clock, { name: "gamma-viewer", kind: "USER", roles: { gamma: "operator" } });
      const page = (await list({ limit: 100 }, alpha.secret)).data.runList;
      expect(page.edges.map((e: any) => e.node.id).sort()).toEqual([...made.alpha].sort());
      expect(page.totalItems).toBe(ALPHA.length);
      expect(page.statusCounts).toEqual({ submitted: 3, processing: 1, completed: 3, failed: 2, partialFailure: 0 });
      const none = (await list({}, gamma.secret)).data.runList;
      expect(none).toMatchObject({ totalItems: 0, edges: [], statusCounts: { submitted: 0, processing: 0, completed: 0, failed: 0, partialFailure: 0 } });
      const forbidden = await list({ namespace: "beta" }, alpha.secret);
      expect(forbidden.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      const otherJob = await list({ jobId: jobs.b1 }, alpha.secret);
      expect(otherJob.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      const join = await createToken(s.db.prisma, s.clock, { name: "join", kind: "JOIN" });
      expect((await list({}, join.secret)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });

    describe("parameterised triggers", () => {
      let job: string;
      beforeAll(async () => {
        job = await submit({
          name: "deploy",
          namespace: "params",
          type: "BATCH",
          command: "true",
          parameters: { metaRequired: ["version"], metaOptional: ["region", "dry_run"], metaDefaults: { region: "eu" }, payloadMaxBytes: 32 },
        });
      });

      /** Runs of the job and the event-log seq: "nothing was written" means neither moved. */
      const footprint = async () => {
        const r = (await list({ jobId: job })).data.runList;
        return { runs: r.totalItems, seq: r.seq };
      };

      it.each([
        ["a missing required key", { meta: { region: "us" } }, "meta.version"],
        ["an unknown key", { meta: { version: "1", colour: "red" } }, "meta.colour"],
        ["a payload over the limit", { meta: { version: "1" }, payload: "x".repeat(33) }, "payload"],
      ])("refuses %s with VALIDATION_FAILED naming the field, writing nothing", async (_what, values, field) => {
        const before = await footprint();
        const r = await t.gql(TRIGGER, { jobId: job, ...values });
        expect(r.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field });
        expect(await footprint()).toEqual(before);
      });

      it("refuses a payload (or any meta) for a job that declares none", async () => {
        const r = await t.gql(TRIGGER, { jobId: jobs.a1, payload: "hello" });
        expect(r.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "payload" });
        const m = await t.gql(TRIGGER, { jobId: jobs.a1, meta: { x: "1" } });
        expect(m.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "meta.x" });
      });

      it("records the values with defaults applied; the same idempotency key with other values is CONFLICT", async () => {
        const r = await t.gql(TRIGGER, { jobId: job, meta: { version: "1.2.3" }, payload: '{"a":1}', key: "k1" });
        expect(r.errors).toBeUndefined();
        expect(r.data.triggerRun.run).toMatchObject({ state: "PENDING", status: "SUBMITTED", meta: { region: "eu", version: "1.2.3" }, payload: '{"a":1}' });
        const again = await t.gql(TRIGGER, { jobId: job, meta: { version: "1.2.3" }, payload: '{"a":1}', key: "k1" });
        expect(again.data.triggerRun).toMatchObject({ created: false, run: { id: r.data.triggerRun.run.id } });
        const other = await t.gql(TRIGGER, { jobId: job, meta: { version: "2" }, key: "k1" });
        expect(other.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
        const stored = await t.gql(`query($id: ID!) { run(id: $id) { meta payload } }`, { id: r.data.triggerRun.run.id });
        expect(stored.data.run).toEqual({ meta: { region: "eu", version: "1.2.3" }, payload: '{"a":1}' });
        const spec = await t.gql(`query($id: ID) { job(id: $id) { spec { parameters { metaRequired metaOptional metaDefaults payloadMaxBytes } } } }`, { id: job });
        expect(spec.data.job.spec.parameters).toEqual({ metaRequired: ["version"], metaOptional: ["dry_run", "region"], metaDefaults: { region: "eu" }, payloadMaxBytes: 32 });
      });

      it("a cron fire (the dispatcher's triggerRun, passing no values) runs with the defaults", async () => {
        const cronJob = await submit({
          name: "cron-defaults",
          namespace: "params",
          type: "BATCH",
          command: "true",
          schedule: "@daily",
          parameters: { metaOptional: ["region", "level"], metaDefaults: { region: "eu" } },
        });
        const { run } = await triggerRun(t.services(), { id: cronJob }, { trigger: "CRON", scheduledAt: new Date("2026-01-01T00:00:00Z") });
        expect(run).toMatchObject({ trigger: "CRON", meta: { region: "eu" }, payload: null });
      });

      it("refuses at submit a scheduled job that requires keys, and parameters on a service", async () => {
        const cron = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, {
          input: { name: "cron-p", namespace: "params", type: "BATCH", command: "true", schedule: "@daily", parameters: { metaRequired: ["v"] } },
        });
        expect(cron.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "parameters.metaRequired" });
        const svc = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, {
          input: { name: "svc-p", namespace: "params", type: "SERVICE", command: "sleep 1", parameters: { metaOptional: ["v"] } },
        });
        expect(svc.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "parameters" });
        const jobsLeft = await t.gql(`{ jobs(namespace: "params") { totalCount } }`);
        expect(jobsLeft.data.jobs.totalCount).toBe(2);
      });
    });
  });
}
