import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../support/server.ts";
import { startAgent, type AgentProcess } from "../support/agents.ts";

// GraphiQL in a real headless browser with every request off this machine
// blocked: it must load from Drover itself, ask for a token, and run each
// example tab as it stands (the trigger tab needs only the job id pasted into
// its variables, as its comment says), subscriptions included.

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === "true") throw new Error(`${CHROMIUM} is missing and CI=true: .ci/run installs Debian's chromium`);

describe.skipIf(!haveChromium)("GraphiQL in a browser, offline", () => {
  let t: TestServer;
  let agent: AgentProcess;
  let browser: Browser;
  let page: Page;
  const leftMachine: string[] = [];

  beforeAll(async () => {
    t = await startTestServer("sqlite");
    agent = await startAgent({ url: t.server.url, token: t.token, nodeId: "node-graphiql" });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const own = new URL(t.server.url).host;
    await page.route("**/*", (route) => {
      const u = new URL(route.request().url());
      if (u.host === own || u.protocol === "blob:" || u.protocol === "data:") return route.continue();
      leftMachine.push(u.href);
      return route.abort();
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
    await t?.stop();
  });

  const responseText = async () => ((await page.locator(".graphiql-response .view-lines").innerText().catch(() => "")) || "").replace(/\u00a0/g, " ");
  const editorText = async () => (await page.locator(".graphiql-query-editor .view-lines").innerText()).replace(/\u00a0/g, " ");

  async function openTab(title: string) {
    await page.locator(`.graphiql-tab-button[title="${title}"]`).click();
    await expect.poll(editorText, { timeout: 10_000 }).toContain(title);
    // The editor shows the tab before GraphiQL's own tab state follows; a click on run meanwhile runs the old tab's operation.
    await page.waitForTimeout(1000);
  }

  /** Runs the active tab's operation (picking `operation` when the tab holds several) and waits until the response shows `expected`. */
  async function run(expected: RegExp, operation?: string) {
    await page.locator(".graphiql-execute-button").click();
    if (operation) await page.getByRole("menuitem", { name: operation }).click();
    await expect.poll(responseText, { timeout: 20_000 }).toMatch(expected);
    return responseText();
  }

  it("asks for a token, refuses a wrong one, and opens GraphiQL with the right one", async () => {
    await page.goto(t.server.url);
    await page.fill("#drover-token", "not-a-token");
    await page.click("#drover-token-submit");
    await expect.poll(() => page.locator("#drover-token-error").innerText()).toContain("does not accept");
    await page.fill("#drover-token", t.token);
    await page.click("#drover-token-submit");
    await page.waitForSelector(".graphiql-container", { timeout: 30_000 });
    expect(await page.evaluate(() => localStorage.getItem("drover:token"))).toBe(t.token);
    expect(await page.locator(".graphiql-tab").count()).toBe(4);
  }, 60_000);

  let jobId = "";
  it("submits the example job from the first tab", async () => {
    await openTab("SubmitHello");
    const text = await run(/"id": "job-/);
    jobId = /job-[0-9a-z]{26}/.exec(text)![0];
  }, 60_000);

  it("runs it from the second tab and reads its output", async () => {
    await openTab("TriggerHello");
    // Replace the placeholder id in the tab's variables with the real one, as its comment asks.
    await page.locator(".graphiql-editor-tool .monaco-editor").first().click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    // Typed key by key: the editor closes brackets and quotes itself and types over them.
    await page.keyboard.type(JSON.stringify({ jobId }));
    await run(/"triggerRun"[\s\S]*"id": "run-/, "TriggerHello");
    await expect
      .poll(
        async () => {
          await page.locator(".graphiql-execute-button").click();
          await page.getByRole("menuitem", { name: "HelloOutput" }).click();
          await new Promise((r) => setTimeout(r, 500));
          return responseText();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain("hello from drover");
  }, 60_000);

  it("lists jobs from the third tab", async () => {
    await openTab("Jobs");
    await run(/"totalCount": 1/);
  }, 60_000);

  it("sees a job event arrive live in the subscription tab", async () => {
    await openTab("WatchJobs");
    await page.locator(".graphiql-execute-button").click();
    // The subscription is open once GraphiQL shows its stop button; then change a job.
    await page.waitForTimeout(1000);
    await t.gql(`mutation { submitJob(input: { name: "hello-live", type: BATCH, command: "true" }) { created } }`);
    await expect.poll(responseText, { timeout: 20_000 }).toContain("hello-live");
    expect(leftMachine).toEqual([]);
  }, 60_000);
});
