import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

const JOB_FIELDS = `
  id name namespace type
  spec {
    name namespace type description labels meta priority config
    selector { matchLabels matchIds matchExpressions }
    deployment { strategy maxParallel canaryCount canaryPercent autoPromote maxFailedNodes maxFailedNodesPercent noAutoRollback
      healthCheck { deadline minHealthyTime maxErrorRate } }
    timeouts { executionTimeout queueTimeout totalTimeout }
    restartPolicy { policy maxRetries backoff maxBackoff retryExitCodes }
    schedule timeZone overlapPolicy catchUp image command args env workingDir tags
  }
  status { version revision createdAt updatedAt deploymentId nextFireAt state { stateType message details } }
`;

const SUBMIT = `mutation($input: SubmitJobInput!) {
  submitJob(input: $input) { created changed versionChanged dryRun seq diff { path before after } spec { name priority deployment { strategy maxFailedNodes } } job { ${JOB_FIELDS} } }
}`;

const UPDATE = `mutation($input: UpdateJobInput!) {
  updateJob(input: $input) { changed versionChanged diff { path before after } job { ${JOB_FIELDS} } }
}`;

const COUNTS = `query($ns: String) { jobs(namespace: $ns, first: 100) { totalCount seq edges { node { id status { version revision } } } } }`;

/**
 * The job API, end to end against a real server and database. Every bad input
 * asserts its code, its field, and that nothing was written.
 */
export function defineJobApiSuite(provider: "sqlite" | "postgresql") {
  describe(`job API on ${provider}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      // An API-only server (no scheduler): these tests pin the API's own writes,
      // so no control loop may change a job's state and revision under them.
      t = await startTestServer(provider, { controlLoops: false });
    });
    afterAll(async () => {
      await t?.stop();
    });

    /** Everything a write could touch, so "nothing was written" is a real check. */
    async function footprint(ns = "bad-input") {
      const r = await t.gql(COUNTS, { ns });
      expect(r.errors).toBeUndefined();
      return { jobs: r.data.jobs.totalCount, seq: r.data.jobs.seq };
    }

    async function submit(input: Record<string, unknown>) {
      return t.gql(SUBMIT, { input });
    }

    it("creates a job with the spec normalised and version 1", async () => {
      const r = await submit({
        name: "web",
        namespace: "prod",
        type: "SERVICE",
        command: "sleep 60",
        labels: { team: "edge", tier: "front" },
        selector: { matchLabels: { region: "eu" }, matchExpressions: ["gpu", "zone in (a,b)"] },
      });
      expect(r.errors).toBeUndefined();
      const p = r.data.submitJob;
      expect(p).toMatchObject({ created: true, changed: true, versionChanged: true, dryRun: false });
      expect(p.seq).toBeGreaterThan(0);
      expect(p.job.id).toMatch(/^job-[0-9a-z]{26}$/);
      // A write stores the job and an evaluation; the scheduler (off in this suite) starts the rollout.
      expect(p.job.status).toMatchObject({ version: 1, revision: 1, state: { stateType: "PENDING" } });
      expect(p.job.spec).toMatchObject({
        name: "web",
        namespace: "prod",
        type: "SERVICE",
        command: "sleep 60",
        timeZone: "UTC",
        overlapPolicy: "FORBID",
        deployment: { strategy: "IMMEDIATE", maxFailedNodes: 10, maxFailedNodesPercent: 10 },
        restartPolicy: { policy: "ALWAYS" },
        selector: { matchLabels: { region: "eu" }, matchExpressions: ["gpu", "zone in (a,b)"] },
      });
    });

    it("defaults the namespace to default and finds a job by id or by namespace and name", async () => {
      const created = await submit({ name: "lookup", type: "BATCH", command: "true" });
      const id = created.data.submitJob.job.id;
      expect(created.data.submitJob.job.namespace).toBe("default");
      const byName = await t.gql(`{ job(namespace: "default", name: "lookup") { id } }`);
      const byId = await t.gql(`query($id: ID) { job(id: $id) { name } }`, { id });
      const missing = await t.gql(`{ job(name: "nope") { id } }`);
      expect(byName.data.job.id).toBe(id);
      expect(byId.data.job.name).toBe("lookup");
      expect(missing.data.job).toBeNull();
    });

    it("changes nothing on an identical resubmission", async () => {
      const input = { name: "same", namespace: "ver", type: "BATCH", command: "echo hi", labels: { a: "1" } };
      const first = await submit(input);
      const again = await submit({ ...input, labels: { a: "1" } });
      expect(again.errors).toBeUndefined();
      expect(again.data.submitJob).toMatchObject({ created: false, changed: false, versionChanged: false, seq: null });
      expect(again.data.submitJob.job.status).toMatchObject({ version: 1, revision: 1 });
      expect(again.data.submitJob.job.status.updatedAt).toBe(first.data.submitJob.job.status.updatedAt);
      const versions = await t.gql(`query($id: ID!) { jobVersions(jobId: $id) { version } }`, {
        id: first.data.submitJob.job.id,
      });
      expect(versions.data.jobVersions).toEqual([{ version: 1 }]);
    });

    it("raises version and revision when the spec changes, and records every version", async () => {
      const base = { name: "versioned", namespace: "ver", type: "SERVICE", command: "sleep 1" };
      const v1 = await submit(base);
      const v2 = await submit({ ...base, command: "sleep 2" });
      expect(v2.data.submitJob).toMatchObject({ created: false, changed: true, versionChanged: true });
      expect(v2.data.submitJob.job.status).toMatchObject({ version: 2, revision: 2 });
      expect(v2.data.submitJob.diff).toContainEqual({ path: "command", before: "sleep 1", after: "sleep 2" });
      const versions = await t.gql(`query($id: ID!) { jobVersions(jobId: $id) { version spec { command } } }`, {
        id: v1.data.submitJob.job.id,
      });
      expect(versions.data.jobVersions).toEqual([
        { version: 2, spec: { command: "sleep 2" } },
        { version: 1, spec: { command: "sleep 1" } },
      ]);
    });

    it("force re-applies an unchanged spec: revision rises, version does not", async () => {
      const base = { name: "forced", namespace: "ver", type: "SERVICE", command: "sleep 1" };
      await submit(base);
      const forced = await submit({ ...base, force: true });
      expect(forced.errors).toBeUndefined();
      expect(forced.data.submitJob).toMatchObject({ changed: true, versionChanged: false });
      expect(forced.data.submitJob.job.status).toMatchObject({ version: 1, revision: 2 });
    });

    it("fails with CONFLICT when the expected version or revision moved, writing nothing", async () => {
      const base = { name: "guarded", namespace: "ver", type: "BATCH", command: "true" };
      const created = await submit({ ...base, expectedVersion: 0 });
      expect(created.errors).toBeUndefined();
      const before = await footprint("ver");
      const stale = await submit({ ...base, command: "false", expectedVersion: 7 });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "expectedVersion", actual: 1 });
      const recreate = await submit({ ...base, expectedVersion: 0, command: "other" });
      expect(recreate.errors?.[0].extensions?.code).toBe("CONFLICT");
      const staleRev = await submit({ ...base, command: "false", expectedRevision: 3 });
      expect(staleRev.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "expectedRevision" });
      expect(await footprint("ver")).toEqual(before);
      const ok = await submit({ ...base, command: "false", expectedRevision: 1 });
      expect(ok.data.submitJob.job.status).toMatchObject({ version: 2, revision: 2 });
    });

    it("dry run validates and returns the normalised spec and diff without writing", async () => {
      const before = await footprint("dry");
      const r = await submit({ name: "dry", namespace: "dry", type: "BATCH", command: "true", dryRun: true });
      expect(r.errors).toBeUndefined();
      expect(r.data.submitJob).toMatchObject({ dryRun: true, created: true, changed: true, job: null, seq: null });
      expect(r.data.submitJob.spec).toMatchObject({ name: "dry", priority: expect.any(Number) });
      expect(r.data.submitJob.diff.length).toBeGreaterThan(0);
      expect(await footprint("dry")).toEqual(before);
    });

    const badInputs: [string, Record<string, unknown>, string, number?][] = [
      ["a missing name", { type: "BATCH" }, "name"],
      ["a missing type", { name: "x" }, "type"],
      ["a malformed selector expression", { name: "x", type: "SERVICE", selector: { matchExpressions: ["ok", "tier in (a,b"] } }, "selector.matchExpressions.1"],
      ["a reserved meta key", { name: "x", type: "BATCH", meta: { "expanso.io/owner": "me" } }, "meta"],
      ["a bad duration", { name: "x", type: "SERVICE", deployment: { strategy: "ROLLING", healthCheck: { deadline: "5 minutes" } } }, "deployment.healthCheck.deadline"],
      ["rolling without a health check", { name: "x", type: "SERVICE", deployment: { strategy: "ROLLING" } }, "deployment.healthCheck"],
      ["canaryPercent out of range", { name: "x", type: "SERVICE", deployment: { strategy: "CANARY", canaryPercent: 150, healthCheck: { deadline: "1m" } } }, "deployment.canaryPercent"],
      ["both maxParallel and maxParallelPercent", { name: "x", type: "SERVICE", deployment: { strategy: "ROLLING", maxParallel: 2, maxParallelPercent: 50, healthCheck: { deadline: "1m" } } }, "deployment.maxParallelPercent"],
      ["maxErrorRate above 1", { name: "x", type: "SERVICE", deployment: { strategy: "ROLLING", healthCheck: { deadline: "1m", maxErrorRate: 1.5 } } }, "deployment.healthCheck.maxErrorRate"],
      ["a negative timeout", { name: "x", type: "BATCH", timeouts: { executionTimeout: -1 } }, "timeouts.executionTimeout"],
      ["a bad cron expression", { name: "x", type: "BATCH", schedule: "61 * * * *" }, "schedule"],
      ["a schedule on a service", { name: "x", type: "SERVICE", schedule: "@daily" }, "schedule"],
      ["an unknown time zone", { name: "x", type: "BATCH", schedule: "@daily", timeZone: "Mars/Olympus" }, "timeZone"],
      ["a rolling batch job", { name: "x", type: "BATCH", deployment: { strategy: "ROLLING", healthCheck: { deadline: "1m" } } }, "deployment.strategy"],
      ["both command and args", { name: "x", type: "BATCH", command: "true", args: ["true"] }, "args"],
    ];

    it.each(badInputs)("rejects %s with VALIDATION_FAILED naming the field, writing nothing", async (_what, input, field) => {
      const before = await footprint("bad-input");
      const r = await submit({ namespace: "bad-input", ...input });
      expect(r.data?.submitJob ?? null).toBeNull();
      const ext = r.errors?.[0].extensions;
      expect(ext?.code).toBe("VALIDATION_FAILED");
      expect(String(ext?.field)).toMatch(new RegExp(`^${field.replace(/\./g, "\\.")}`));
      expect(await footprint("bad-input")).toEqual(before);
    });

    it("names the position of a selector error", async () => {
      const r = await submit({ namespace: "bad-input", name: "x", type: "SERVICE", selector: { matchExpressions: ["tier in (a,b"] } });
      expect(r.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "selector.matchExpressions.0" });
      expect(typeof r.errors?.[0].extensions?.position).toBe("number");
      expect(r.errors?.[0].message).toContain("tier in (a,b");
    });

    it("updateJob replaces only the given fields; null resets one to its default", async () => {
      const created = await submit({ name: "partial", namespace: "upd", type: "BATCH", command: "true", priority: 70, description: "before" });
      const id = created.data.submitJob.job.id;
      const r = await t.gql(UPDATE, { input: { id, description: "after" } });
      expect(r.errors).toBeUndefined();
      expect(r.data.updateJob.job.spec).toMatchObject({ description: "after", priority: 70, command: "true" });
      expect(r.data.updateJob.job.status).toMatchObject({ version: 2, revision: 2 });
      const reset = await t.gql(UPDATE, { input: { namespace: "upd", name: "partial", priority: null } });
      expect(reset.errors).toBeUndefined();
      const defaults = await submit({ name: "defaults", namespace: "upd", type: "BATCH", command: "true", dryRun: true });
      expect(reset.data.updateJob.job.spec.priority).toBe(defaults.data.submitJob.spec.priority);
      expect(reset.data.updateJob.job.spec.priority).not.toBe(70);
      expect(reset.data.updateJob.job.spec.description).toBe("after");
    });

    it("updateJob rejects bad input and unknown jobs, writing nothing", async () => {
      await submit({ name: "upd-bad", namespace: "upd", type: "SERVICE", command: "true" });
      const before = await footprint("upd");
      const bad = await t.gql(UPDATE, { input: { namespace: "upd", name: "upd-bad", deployment: { strategy: "CANARY" } } });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "deployment.healthCheck" });
      const missing = await t.gql(UPDATE, { input: { namespace: "upd", name: "ghost", description: "x" } });
      expect(missing.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      expect(await footprint("upd")).toEqual(before);
    });

    it("updateJob refuses a rename instead of ignoring it, writing nothing", async () => {
      const created = await submit({ name: "fixed-name", namespace: "upd", type: "BATCH", command: "true" });
      const id = created.data.submitJob.job.id;
      const before = await footprint("upd");
      for (const [field, value] of [["name", "other-name"], ["namespace", "elsewhere"]]) {
        const r = await t.gql(UPDATE, { input: { id, [field]: value, description: "x" } });
        expect(r.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field });
      }
      expect(await footprint("upd")).toEqual(before);
      const same = await t.gql(UPDATE, { input: { id, name: "fixed-name", description: "x" } });
      expect(same.errors).toBeUndefined();
    });

    it("stops a job, and a resubmission starts it again", async () => {
      const input = { name: "stopper", namespace: "life", type: "SERVICE", command: "sleep 9" };
      const created = await submit(input);
      const id = created.data.submitJob.job.id;
      const stopped = await t.gql(`mutation($id: ID) { stopJob(id: $id, reason: "maintenance") { seq job { status { revision state { stateType message } } } } }`, { id });
      expect(stopped.errors).toBeUndefined();
      expect(stopped.data.stopJob.job.status).toMatchObject({ revision: 2, state: { stateType: "STOPPED", message: "maintenance" } });
      const again = await submit(input);
      expect(again.data.submitJob).toMatchObject({ changed: true, versionChanged: false });
      expect(again.data.submitJob.job.status).toMatchObject({ version: 1, revision: 3, state: { stateType: "PENDING", message: "starting again" } });
    });

    it("deletes a job with its versions, leaving a tombstone event", async () => {
      const created = await submit({ name: "doomed", namespace: "life", type: "BATCH", command: "true" });
      const id = created.data.submitJob.job.id;
      await submit({ name: "doomed", namespace: "life", type: "BATCH", command: "false" });
      const del = await t.gql(`mutation($id: ID) { deleteJob(id: $id) { jobId seq } }`, { id });
      expect(del.errors).toBeUndefined();
      expect(del.data.deleteJob.jobId).toBe(id);
      const gone = await t.gql(`query($id: ID) { job(id: $id) { id } }`, { id });
      expect(gone.data.job).toBeNull();
      const versions = await t.gql(`query($id: ID!) { jobVersions(jobId: $id) { version } }`, { id });
      expect(versions.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      const again = await t.gql(`mutation($id: ID) { deleteJob(id: $id) { jobId } }`, { id });
      expect(again.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
      // The only event left for the job is the tombstone.
      const sub = t.ws();
      const events: any[] = [];
      await new Promise<void>((resolve, reject) => {
        const stop = sub.subscribe(
          { query: `subscription($id: ID, $after: Seq) { jobEvents(jobId: $id, after: $after) { seq type state } }`, variables: { id, after: 0 } },
          {
            next: (v) => {
              events.push(v.data?.jobEvents);
              if (events.length === 1) setTimeout(() => { stop(); resolve(); }, 200);
            },
            error: reject,
            complete: () => resolve(),
          },
        );
      });
      expect(events).toEqual([{ seq: del.data.deleteJob.seq, type: "JOB_DELETED", state: "DELETED" }]);
    });

    it("lists jobs with filters, counts and stable cursors", async () => {
      for (const [name, type, env] of [["a1", "BATCH", "prod"], ["a2", "SERVICE", "prod"], ["a3", "SERVICE", "dev"], ["a4", "OPS", "dev"]]) {
        const r = await submit({ name, namespace: "list", type, command: "true", labels: { env, ...(name === "a4" ? { gpu: "yes" } : {}) } });
        expect(r.errors).toBeUndefined();
      }
      await t.gql(`mutation { stopJob(namespace: "list", name: "a2") { seq } }`);
      const q = `query($sel: String, $type: JobType, $state: JobStateType, $after: String, $first: Int) {
        jobs(namespace: "list", selector: $sel, type: $type, state: $state, first: $first, after: $after) {
          totalCount seq statusCounts { state count }
          pageInfo { hasNextPage endCursor }
          edges { cursor node { name } }
        } }`;
      const names = (r: any) => r.data.jobs.edges.map((e: any) => e.node.name);
      const all = await t.gql(q, {});
      expect(names(all)).toEqual(["a1", "a2", "a3", "a4"]);
      expect(all.data.jobs.totalCount).toBe(4);
      expect(all.data.jobs.statusCounts).toEqual(
        expect.arrayContaining([{ state: "PENDING", count: 3 }, { state: "STOPPED", count: 1 }]),
      );
      expect(names(await t.gql(q, { sel: "env=prod" }))).toEqual(["a1", "a2"]);
      expect(names(await t.gql(q, { sel: "env!=prod" }))).toEqual(["a3", "a4"]);
      expect(names(await t.gql(q, { sel: "env in (dev),!gpu" }))).toEqual(["a3"]);
      expect(names(await t.gql(q, { sel: "gpu" }))).toEqual(["a4"]);
      expect(names(await t.gql(q, { sel: "env notin (prod,qa)" }))).toEqual(["a3", "a4"]);
      expect(names(await t.gql(q, { type: "SERVICE" }))).toEqual(["a2", "a3"]);
      expect(names(await t.gql(q, { state: "STOPPED" }))).toEqual(["a2"]);
      const page1 = await t.gql(q, { first: 3 });
      expect(names(page1)).toEqual(["a1", "a2", "a3"]);
      expect(page1.data.jobs.pageInfo.hasNextPage).toBe(true);
      const page2 = await t.gql(q, { first: 3, after: page1.data.jobs.pageInfo.endCursor });
      expect(names(page2)).toEqual(["a4"]);
      expect(page2.data.jobs.pageInfo.hasNextPage).toBe(false);
      const badSel = await t.gql(q, { sel: "env in (dev" });
      expect(badSel.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "selector" });
      const tooMany = await t.gql(q, { first: 1000 });
      expect(tooMany.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "first" });
    });

    it("a list's per-row status (latest run, run counts, running executions) matches each job read alone", async () => {
      const ns = "status-rows";
      const ids: string[] = [];
      for (const [name, runs] of [["none", 0], ["one", 1], ["three", 3]] as const) {
        const r = await submit({ name, namespace: ns, type: "BATCH", command: "true" });
        const id = r.data.submitJob.job.id;
        ids.push(id);
        for (let k = 0; k < runs; k++) {
          const run = await t.gql(`mutation($id: ID!, $k: String) { triggerRun(jobId: $id, idempotencyKey: $k, overlapPolicy: ALLOW) { run { id } } }`, { id, k: `k${k}` });
          expect(run.errors).toBeUndefined();
        }
      }
      // The middle run of "three" is cancelled, so the counts differ by state.
      const three = await t.gql(`query($id: ID!) { runs(jobId: $id) { edges { node { id } } } }`, { id: ids[2] });
      const cancelled = await t.gql(`mutation($id: ID!) { cancelRun(id: $id) { state } }`, { id: three.data.runs.edges[1].node.id });
      expect(cancelled.data.cancelRun.state).toBe("CANCELLED");

      const STATUS = `status { runningExecutions latestRun { id state } runCounts { pending cancelled total } }`;
      const list = await t.gql(`query($ns: String) { jobs(namespace: $ns, first: 100) { edges { node { name ${STATUS} } } } }`, { ns });
      expect(list.errors).toBeUndefined();
      const byName = Object.fromEntries(list.data.jobs.edges.map((e: any) => [e.node.name, e.node.status]));
      expect(byName.none).toEqual({ runningExecutions: 0, latestRun: null, runCounts: { pending: 0, cancelled: 0, total: 0 } });
      expect(byName.one.runCounts).toEqual({ pending: 1, cancelled: 0, total: 1 });
      expect(byName.three.runCounts).toEqual({ pending: 2, cancelled: 1, total: 3 });
      expect(byName.three.latestRun).toEqual({ id: three.data.runs.edges[0].node.id, state: "PENDING" });
      for (const id of ids) {
        const alone = await t.gql(`query($id: ID!) { job(id: $id) { name ${STATUS} } }`, { id });
        expect(byName[alone.data.job.name]).toEqual(alone.data.job.status);
      }
    });

    it("refuses requests without a valid token with 401", async () => {
      const none = await t.gql(`{ jobs { totalCount } }`, undefined, { token: null });
      expect(none.status).toBe(401);
      expect(none.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      const bad = await t.gql(`{ jobs { totalCount } }`, undefined, { token: "drv_not-a-real-token" });
      expect(bad.status).toBe(401);
      const mutation = await t.gql(`mutation { deleteJob(name: "x") { jobId } }`, undefined, { token: null });
      expect(mutation.status).toBe(401);
    });

    it("closes a WebSocket with 4403 when its token is bad", async () => {
      const client = t.ws("drv_wrong");
      const closed = await new Promise<any>((resolve) => {
        client.on("closed", (e) => resolve(e));
        client.subscribe({ query: `subscription { jobEvents { seq } }` }, { next() {}, error: () => {}, complete() {} });
      });
      expect(closed.code).toBe(4403);
    });

    it("streams job changes live over graphql-ws, and resumes after a seq with no gap and no duplicate", async () => {
      const q = `subscription($after: Seq) { jobEvents(namespace: "live", after: $after) { seq type jobId revision version state job { name status { revision } } } }`;
      const listed = await t.gql(`{ jobs(namespace: "live") { seq } }`);
      const startSeq = listed.data.jobs.seq;

      // Live: subscribe first, then make three changes.
      const client = t.ws();
      const live: any[] = [];
      const stopLive = client.subscribe({ query: q, variables: {} }, { next: (v) => live.push(v.data?.jobEvents), error: () => {}, complete: () => {} });
      await new Promise((r) => setTimeout(r, 150));
      const base = { name: "streamed", namespace: "live", type: "SERVICE", command: "sleep 1" };
      await submit(base);
      await submit({ ...base, command: "sleep 2" });
      await t.gql(`mutation { stopJob(namespace: "live", name: "streamed") { seq } }`);
      await waitUntil(() => live.length >= 3);
      stopLive();
      expect(live.map((e) => [e.type, e.revision, e.version, e.state])).toEqual([
        ["JOB_SUBMITTED", 1, 1, "PENDING"],
        ["JOB_UPDATED", 2, 2, "PENDING"],
        ["JOB_STOPPED", 3, 2, "STOPPED"],
      ]);
      expect(live.every((e, i) => i === 0 || e.seq > live[i - 1].seq)).toBe(true);
      // The snapshot is the job as it was at that change, not today's row.
      expect(live[0].job.status.revision).toBe(1);

      // Resume after the first event: replay the two missed, then go live.
      const resumed: any[] = [];
      const stopResumed = client.subscribe(
        { query: q, variables: { after: live[0].seq } },
        { next: (v) => resumed.push(v.data?.jobEvents), error: () => {}, complete: () => {} },
      );
      await waitUntil(() => resumed.length >= 2);
      await submit({ ...base, command: "sleep 3" });
      await waitUntil(() => resumed.length >= 3);
      await new Promise((r) => setTimeout(r, 200));
      stopResumed();
      expect(resumed.map((e) => e.seq)).toEqual([live[1].seq, live[2].seq, resumed[2].seq]);
      expect(resumed[2]).toMatchObject({ type: "JOB_STARTED", revision: 4, version: 3 });

      // Resuming from the list's seq replays everything since the list.
      const fromList: any[] = [];
      const stopList = client.subscribe(
        { query: q, variables: { after: startSeq } },
        { next: (v) => fromList.push(v.data?.jobEvents), error: () => {}, complete: () => {} },
      );
      await waitUntil(() => fromList.length >= 4);
      stopList();
      expect(fromList.map((e) => e.seq)).toEqual([...live.map((e) => e.seq), resumed[2].seq]);
    });

    it("streams concurrent writes in commit order with no gap", async () => {
      const client = t.ws();
      const got: any[] = [];
      const stop = client.subscribe(
        { query: `subscription { jobEvents(namespace: "burst") { seq jobId } }` },
        { next: (v) => got.push(v.data?.jobEvents), error: () => {}, complete: () => {} },
      );
      await new Promise((r) => setTimeout(r, 150));
      const n = 20;
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) => submit({ name: `burst-${i}`, namespace: "burst", type: "BATCH", command: "true" })),
      );
      const seqs = results.map((r) => r.data.submitJob.seq).sort((a: number, b: number) => a - b);
      await waitUntil(() => got.length >= n);
      stop();
      expect(got.map((e) => e.seq)).toEqual(seqs);
    });
  });
}

export async function waitUntil(pred: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
