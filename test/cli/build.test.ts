// dist/ is what `drover` runs while it matches the sources; an edit sends
// `drover` back to the sources at once, so nothing stale ever runs.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildIsCurrent } from "../../bin/build-state.js";
import { DROVER_VERSION } from "../../common/version.ts";
import { build } from "../../scripts/build.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

function fakeInstall(): { dir: string; root: URL; touch(file: string): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-build-"));
  for (const f of ["cli/main.ts", "server/app.ts"]) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), "// source\n");
  }
  fs.mkdirSync(path.join(dir, "dist"));
  const inputs = Object.fromEntries(["cli/main.ts", "server/app.ts"].map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]));
  fs.writeFileSync(path.join(dir, "dist", "build.json"), JSON.stringify({ inputs }));
  return {
    dir,
    root: pathToFileURL(dir + "/"),
    touch(file) {
      const later = new Date(Date.now() + 5_000);
      fs.utimesSync(path.join(dir, file), later, later);
    },
  };
}

describe("which code drover runs", () => {
  it("the build while every source in it is unchanged; the sources after any edit, removal, or when asked", () => {
    const a = fakeInstall();
    expect(buildIsCurrent(a.root, {})).toBe(true);
    expect(buildIsCurrent(a.root, { DROVER_FROM_SOURCE: "1" })).toBe(false);
    a.touch("server/app.ts");
    expect(buildIsCurrent(a.root, {})).toBe(false);

    const b = fakeInstall();
    fs.rmSync(path.join(b.dir, "cli/main.ts"));
    expect(buildIsCurrent(b.root, {})).toBe(false);

    const c = fakeInstall();
    fs.rmSync(path.join(c.dir, "dist/build.json"));
    expect(buildIsCurrent(c.root, {})).toBe(false);
    fs.writeFileSync(path.join(c.dir, "dist/build.json"), "{ not json");
    expect(buildIsCurrent(c.root, {})).toBe(false);
  });

  it("the build runs on its own: the version from package.json, and a server that migrates its database and answers", async () => {
    // A build of its own (dist/ may be behind an edit, and then `drover` runs the sources instead).
    const out = path.join(ROOT, ".scratch", `build-test-${process.pid}`);
    await build(out);
    const main = path.join(out, "main.js");
    const version = await run(process.execPath, [main, "--version"], { env: { ...process.env, DROVER_SERVER: "http://127.0.0.1:9" } });
    expect(version.stdout).toContain(`Client: ${DROVER_VERSION}`);

    const data = fs.mkdtempSync(path.join(os.tmpdir(), "drover-build-server-"));
    const { spawn } = await import("node:child_process");
    const server = spawn(process.execPath, [main, "server", "--no-local-agent"], {
      env: { ...process.env, DROVER_DATA_DIR: path.join(data, ".drover"), DROVER_PORT: "0", DROVER_HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let out = "";
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no URL in 30 s:\n${out}`)), 30_000);
        const read = (d: Buffer) => {
          out += d;
          const m = /Health\s+(http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]);
          }
        };
        server.stdout.on("data", read);
        server.stderr.on("data", read);
      });
      const health = (await (await fetch(url)).json()) as { status: string; version: string };
      expect(health).toMatchObject({ status: "ok", version: DROVER_VERSION });
    } finally {
      server.kill("SIGTERM");
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
