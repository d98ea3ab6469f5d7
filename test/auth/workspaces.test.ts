import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseProviders } from "../support/database.ts";
import { collect, startTestServer, type TestServer } from "../support/server.ts";

// Hierarchical namespaces: "workspace/project". A token granted on a workspace
// holds in every project of it; one granted on a project holds there only.
// Flat namespaces are workspaces of their own and keep working as before.
const SUBMIT = `mutation($name: String!, $ns: String) { submitJob(input: { name: $name, namespace: $ns, type: BATCH, command: "true" }) { seq job { id namespace workspace project } } }`;
const LIST = `query($namespace: String, $workspace: String) { jobs(namespace: $namespace, workspace: $workspace, first: 50) { totalCount edges { node { name namespace workspace project } } } }`;
const TOKEN = `mutation($input: CreateTokenInput!) { createToken(input: $input) { secret } }`;

const names = (r: { data: any }) => (r.data?.jobs.edges ?? []).map((e: { node: { namespace: string; name: string } }) => `${e.node.namespace}:${e.node.name}`).sort();
const problem = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions;

for (const provider of await databaseProviders()) {
  describe(`workspaces and projects (${provider})`, () => {
    let t: TestServer;
    let firstSeq = 0;
    beforeAll(async () => {
      t = await startTestServer(provider, { controlLoops: false });
      const jobs: [string, string][] = [
        ["web", "acme/web"],
        ["api", "acme/api"],
        ["flat", "acme"],
        ["web", "other/web"],
        ["solo", "solo"],
        // A workspace whose name starts like another's is not part of it.
        ["lookalike", "acme-labs/web"],
      ];
      for (const [name, ns] of jobs) {
        const r = await t.gql(SUBMIT, { name, ns });
        expect(r.errors).toBeUndefined();
        firstSeq ||= r.data.submitJob.seq;
      }
    });
    afterAll(async () => t?.stop());

    it("splits a namespace into workspace and project, and filters by either", async () => {
      const web = await t.gql(`query { job(namespace: "acme/web", name: "web") { workspace project } flat: job(namespace: "acme", name: "flat") { workspace project } }`);
      expect(web.data).toEqual({ job: { workspace: "acme", project: "web" }, flat: { workspace: "acme", project: null } });
      const acme = await t.gql(LIST, { workspace: "acme" });
      expect(names(acme)).toEqual(["acme/api:api", "acme/web:web", "acme:flat"]);
      expect(acme.data.jobs.totalCount).toBe(3);
      expect(names(await t.gql(LIST, { namespace: "acme/web" }))).toEqual(["acme/web:web"]);
      expect(names(await t.gql(LIST, { namespace: "solo" }))).toEqual(["solo:solo"]);
      expect(names(await t.gql(LIST, { workspace: "acme", namespace: "other/web" }))).toEqual([]);
      const executions = await t.gql(`query { executions(workspace: "acme", first: 5) { totalCount } }`);
      expect(executions.errors).toBeUndefined();
    });

    it("lists the runs of a whole workspace across its jobs, counts included", async () => {
      for (const [name, ns] of [["web", "acme/web"], ["api", "acme/api"], ["web", "other/web"], ["lookalike", "acme-labs/web"]]) {
        const job = await t.gql(`query($ns: String, $name: String) { job(namespace: $ns, name: $name) { id } }`, { ns, name });
        expect((await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: job.data.job.id })).errors).toBeUndefined();
      }
      const runs = await t.gql(`query { runList(workspace: "acme", limit: 10) { totalItems statusCounts { submitted } edges { node { namespace } } } }`);
      expect(runs.errors).toBeUndefined();
      expect(runs.data.runList.totalItems).toBe(2);
      expect(runs.data.runList.statusCounts.submitted).toBe(2);
      expect(runs.data.runList.edges.map((e: { node: { namespace: string } }) => e.node.namespace).sort()).toEqual(["acme/api", "acme/web"]);
    });

    it("lets a workspace token into every project of it and a project token into that project only", async () => {
      const acmeViewer = (await t.gql(TOKEN, { input: { name: "acme-viewer", namespace: "acme", role: "VIEWER" } })).data.createToken.secret;
      const webOperator = (await t.gql(TOKEN, { input: { name: "web-op", namespace: "acme/web", role: "OPERATOR" } })).data.createToken.secret;
      const soloViewer = (await t.gql(TOKEN, { input: { name: "solo-viewer", namespace: "solo", role: "VIEWER" } })).data.createToken.secret;

      expect(names(await t.gql(LIST, { workspace: "acme" }, { token: acmeViewer }))).toEqual(["acme/api:api", "acme/web:web", "acme:flat"]);
      expect(names(await t.gql(LIST, { namespace: "acme/api" }, { token: acmeViewer }))).toEqual(["acme/api:api"]);
      for (const scope of [{ workspace: "other" }, { namespace: "other/web" }, { workspace: "acme-labs" }, {}]) {
        expect(problem(await t.gql(LIST, scope, { token: acmeViewer }))?.code).toBe("FORBIDDEN");
      }
      expect(problem(await t.gql(SUBMIT, { name: "nope", ns: "acme/web" }, { token: acmeViewer }))?.code).toBe("FORBIDDEN");

      const made = await t.gql(SUBMIT, { name: "mine", ns: "acme/web" }, { token: webOperator });
      expect(made.errors).toBeUndefined();
      expect(made.data.submitJob.job).toMatchObject({ namespace: "acme/web", workspace: "acme", project: "web" });
      expect(problem(await t.gql(SUBMIT, { name: "theirs", ns: "acme/api" }, { token: webOperator }))?.code).toBe("FORBIDDEN");
      expect(problem(await t.gql(LIST, { workspace: "acme" }, { token: webOperator }))?.code).toBe("FORBIDDEN");
      // A project token cannot mint a token for its whole workspace.
      expect(problem(await t.gql(TOKEN, { input: { name: "wider", namespace: "acme", role: "VIEWER" } }, { token: webOperator }))?.code).toBe("FORBIDDEN");

      // Flat namespaces as before.
      expect(names(await t.gql(LIST, { namespace: "solo" }, { token: soloViewer }))).toEqual(["solo:solo"]);
      expect(problem(await t.gql(LIST, { namespace: "acme" }, { token: soloViewer }))?.code).toBe("FORBIDDEN");
    });

    it("refuses malformed namespaces and workspaces with the field at fault, writing nothing", async () => {
      const before = (await t.gql(`query { jobs(first: 1) { totalCount } }`)).data.jobs.totalCount;
      for (const ns of ["acme/web/deep", "Acme/web", "acme/", "/web"]) {
        expect(problem(await t.gql(SUBMIT, { name: "bad", ns })), ns).toMatchObject({ code: "VALIDATION_FAILED", field: "namespace" });
      }
      expect(problem(await t.gql(LIST, { workspace: "acme/web" }))).toMatchObject({ code: "VALIDATION_FAILED", field: "workspace" });
      expect(problem(await t.gql(TOKEN, { input: { name: "deep", namespace: "a/b/c", role: "VIEWER" } }))).toMatchObject({ code: "VALIDATION_FAILED", field: "namespace" });
      expect((await t.gql(`query { jobs(first: 1) { totalCount } }`)).data.jobs.totalCount).toBe(before);
    });

    it("streams a workspace's events, live and replayed, and none of its lookalike's", async () => {
      const replayed = collect(t.ws(), `subscription($after: Seq) { jobEvents(workspace: "acme", after: $after) { seq namespace } }`, { after: firstSeq - 1 });
      // The three jobs made first, then the project operator's "mine" (acme/web) from the test above.
      const got = await replayed.waitFor(4);
      await new Promise((r) => setTimeout(r, 300));
      replayed.stop();
      expect(got.map((e) => e.jobEvents.namespace)).toEqual(["acme/web", "acme/api", "acme", "acme/web"]);

      const live = collect(t.ws(), `subscription { events(workspace: "acme", topics: [JOB, RUN]) { type namespace } }`, {});
      await new Promise((r) => setTimeout(r, 200));
      await t.gql(SUBMIT, { name: "later", ns: "acme-labs/web" });
      await t.gql(SUBMIT, { name: "later", ns: "other/web" });
      await t.gql(SUBMIT, { name: "later", ns: "acme/api" });
      const seen = await live.waitFor(1);
      await new Promise((r) => setTimeout(r, 300));
      live.stop();
      expect(seen.map((e) => e.events.namespace)).toEqual(["acme/api"]);
    });
  });
}
