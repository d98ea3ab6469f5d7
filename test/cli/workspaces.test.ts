import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { drover } from "./helpers.ts";

// The CLI over hierarchical namespaces: a job in workspace/project is listed by
// its project (-n) or by its whole workspace (--workspace).
let t: TestServer;
let conn: string[];

beforeAll(async () => {
  t = await startTestServer("sqlite", { controlLoops: false });
  conn = ["--server", t.server.url, "--token", t.token];
  for (const [name, ns] of [["web", "acme/web"], ["api", "acme/api"], ["web", "other/web"]]) {
    const r = await t.gql(`mutation($name: String!, $ns: String) { submitJob(input: { name: $name, namespace: $ns, type: BATCH, command: "true" }) { job { id } } }`, { name, ns });
    expect(r.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await t?.stop();
});

describe("drover job ls over workspaces", () => {
  it("--workspace lists every project of the workspace, -n one project", async () => {
    const ws = await drover(["job", "ls", "--workspace", "acme", "-o", "json", ...conn]);
    expect(ws.stderr).toBe("");
    const items = JSON.parse(ws.stdout).items.map((j: { namespace: string; name: string }) => `${j.namespace}:${j.name}`).sort();
    expect(items).toEqual(["acme/api:api", "acme/web:web"]);
    const table = await drover(["job", "ls", "--workspace", "acme", ...conn]);
    expect(table.stdout).toMatch(/acme\/web/);
    expect(table.stdout).not.toMatch(/other\/web/);
    const one = await drover(["job", "ls", "-n", "acme/web", "-o", "json", ...conn]);
    expect(JSON.parse(one.stdout).items.map((j: { namespace: string }) => j.namespace)).toEqual(["acme/web"]);
  });

  it("says what is wrong with a workspace that names a project", async () => {
    const r = await drover(["job", "ls", "--workspace", "acme/web", ...conn]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/workspace/);
  });
});
