import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { KEY, renderTui, submitJob, type TuiHarness } from "./helpers.tsx";

// The TUI over hierarchical namespaces: picking a workspace shows all of its
// projects, live; picking a project shows that project only.
describe("TUI workspaces and projects", () => {
  let t: TestServer;
  let ui: TuiHarness;

  beforeAll(async () => {
    t = await startTestServer("sqlite", { controlLoops: false });
    await submitJob(t, { name: "storefront", namespace: "acme/web", type: "BATCH", command: "true" });
    await submitJob(t, { name: "billing", namespace: "acme/api", type: "BATCH", command: "true" });
    await submitJob(t, { name: "unrelated", namespace: "other/web", type: "BATCH", command: "true" });
    ui = renderTui(t);
  });
  afterAll(async () => {
    await ui?.close();
    await t?.stop();
  });

  it("lists each workspace above its projects in the picker, with the jobs of all of them", async () => {
    await ui.waitFor("unrelated");
    await ui.press("n");
    const picker = await ui.waitFor((f) => f.includes("Namespaces") && /acme\/web\s+1/.test(f));
    expect(picker).toMatch(/ acme\s+2/);
    expect(picker).toMatch(/acme\/api\s+1/);
    expect(picker).toMatch(/ other\s+1/);
    await ui.press(KEY.escape);
  });

  it(":ns WORKSPACE shows every project of it and follows new jobs there, :ns PROJECT one project", async () => {
    await ui.press(":");
    await ui.type("ns acme");
    const frame = await ui.waitFor((f) => f.includes("ns:acme") && f.includes("billing") && !f.includes("unrelated"));
    expect(frame).toContain("storefront");
    await submitJob(t, { name: "search", namespace: "acme/search", type: "BATCH", command: "true" });
    await submitJob(t, { name: "elsewhere", namespace: "acme-labs/web", type: "BATCH", command: "true" });
    await ui.waitFor("search");
    expect(ui.frame()).not.toContain("elsewhere");
    await ui.press(":");
    await ui.type("ns acme/web");
    const one = await ui.waitFor((f) => f.includes("ns:acme/web") && !f.includes("billing"));
    expect(one).toContain("storefront");
  });
});
