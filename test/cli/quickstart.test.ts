import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/agents.ts";

/**
 * The README's quickstart, as written: `drover server` with its local agent in a
 * fresh directory, then the README's own shell blocks run by bash, with `npx
 * drover` being this checkout's binary. A README edit that breaks a command fails here.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "bin/drover.js");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-quickstart-"));
let server: ChildProcess;
let serverLog = "";

/** The first ```sh block after the line containing `marker`. */
function block(marker: string): string {
  const at = readme.indexOf(marker);
  expect(at, `README has "${marker}"`).toBeGreaterThan(-1);
  const m = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(m, `a sh block after "${marker}"`).not.toBeNull();
  return m![1];
}

/** Runs shell text in the quickstart directory; `npx drover` is this checkout's binary. */
function sh(script: string, timeout = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const prelude = `npx() { if [ "$1" = drover ]; then shift; node ${JSON.stringify(bin)} "$@"; else command npx "$@"; fi; }\nset -e\n`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("DROVER_")));
  return new Promise((resolve) => {
    execFile("bash", ["-c", prelude + script], { cwd: dir, timeout, env: { ...clean, NO_COLOR: "1", DROVER_CONFIG: path.join(dir, "no-config.yaml") } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  fs.symlinkSync(path.join(root, "examples"), path.join(dir, "examples"));
  // As `npm start` runs it, but on any free port: the clients find it through .drover/server.json.
  server = spawn(process.execPath, [bin, "server", "--port", "0"], { cwd: dir, env: { ...process.env, DROVER_LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", (d) => (serverLog += d));
  server.stderr!.on("data", (d) => (serverLog += d));
  const url = await eventually(
    async () => {
      try {
        return (JSON.parse(fs.readFileSync(path.join(dir, ".drover/server.json"), "utf8")) as { url: string }).url;
      } catch {
        return null;
      }
    },
    { timeoutMs: 60_000, what: "server.json" },
  );
  await eventually(async () => (await fetch(url.replace(/\/graphql$/, "/health")).catch(() => null))?.ok, { timeoutMs: 30_000, what: "health" });
  await eventually(async () => serverLog.includes("Local agent"), { timeoutMs: 30_000, what: "the local agent" });
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the README's quickstart", () => {
  it("the curl helper reads the port from .drover/server.json and runs a batch job", async () => {
    const r = await sh(block("From a script:"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"state":"SUCCEEDED"');
    expect(r.stdout).toContain('"text":"hello from drover"');
  }, 60_000);

  it("every command of the examples block works as written, in order", async () => {
    const lines = block("The job files in [`examples/`]")
      .split("\n")
      .map((l) => l.replace(/\s+#.*$/, "").trim())
      .filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(10);
    const out: string[] = [];
    for (const line of lines) {
      const r = await sh(line);
      expect(r.code, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
      out.push(`$ ${line}\n${r.stdout}`);
    }
    const all = out.join("\n");
    expect(all).toContain("rollout of default/web v1 succeeded");
    expect(all).toMatch(/node-\S+ exec-\S+ │ web v1 serving on node-/);
    expect(all).toContain("rollout of default/web v2 succeeded");
    expect(all).toMatch(/run run-\S+ SUCCEEDED, exit code 0/);
    expect(all).toMatch(/│ step 3 of 3\n/);
    expect(all).toMatch(/^Schedule:\s+30 2 \* \* \* Europe\/Paris, next 20\d\d-/m);
    expect(all).toMatch(/^web\s+default\s+SERVICE\s+RUNNING/m);
  }, 240_000);
});
