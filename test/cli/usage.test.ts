import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { drover, scratch } from "./helpers.ts";

/** The whole command tree: exit codes of usage errors, versions, completion. */
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer("sqlite", { controlLoops: false });
});
afterAll(async () => {
  await t?.stop();
});

describe("usage errors exit 2 at every level", () => {
  it("unknown commands and options, missing arguments, bad -o", { timeout: 120_000 }, async () => {
    const cases = [["nope"], ["--bogus"], ["server", "--bogus"], ["agent", "--bogus"], ["job", "nope"], ["job", "get"], ["node", "ls", "-o", "xml"], ["completion", "fish"]];
    const results = [];
    for (const c of cases) results.push(await drover([...c, "--server", t.server.url, "--token", t.token], {}, 60_000));
    results.forEach((r, i) => {
      expect(r.code, cases[i].join(" ")).toBe(2);
      expect(r.stderr, cases[i].join(" ")).toMatch(/^error: /);
      expect(r.stdout).toBe("");
    });
    expect(results[6].stderr).toBe('error: -o must be one of table, wide, json, yaml, name, or jsonpath=TEMPLATE, not "xml"\n');
  });
});

describe("drover agent's own refusals", () => {
  it("a broken config file or an unreadable token file is one line and exit 2, not a stack", async () => {
    const bad = scratch("broken-config.yaml", "{{{ not yaml\n");
    for (const [args, env] of [
      [["agent", "--node-id", "node-cfg"], { DROVER_CONFIG: bad }],
      [["agent", "--node-id", "node-cfg", "--server", t.server.url, "--token-file", "/nonexistent/token"], {}],
    ] as const) {
      const r = await drover([...args], { ...env });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^drover agent: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("durations on flags", () => {
  it("take the spec's grammar everywhere: the agent's intervals too", async () => {
    const r = await drover(["agent", "--heartbeat", "soon"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a duration (at "soon"): "soon"; use e.g. "500ms", "30s", "5m", "1h30m"');
  });
});

describe("the terminal UI's context", () => {
  it("an unknown --context is one line and exit 2, not a stack", async () => {
    const r = await drover(["tui", "--context", "nope"], { DROVER_CONFIG: scratch("tui-config.yaml", "contexts: [{name: a, server: 127.0.0.1:1}]\n") });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^drover tui: no context "nope" in .*tui-config\.yaml \(there are: a\)\n$/);
  });
});

describe("drover version", () => {
  it("prints the client's version and the server's; --version is the same", async () => {
    const { version } = JSON.parse(execFileSync("node", ["-p", "JSON.stringify(require('./package.json'))"], { encoding: "utf8" }));
    const [cmd, flag, down] = await Promise.all([
      drover(["version", "--server", t.server.url]),
      drover(["--version", "--server", t.server.url]),
      drover(["version", "--server", "127.0.0.1:1"]),
    ]);
    expect(cmd.code).toBe(0);
    expect(cmd.stdout).toBe(`Client: ${version}\nServer: ${version} (${t.server.url})\n`);
    expect(flag.stdout).toBe(cmd.stdout);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(new RegExp(`^Client: ${version}\\nServer: - \\(cannot reach http://127.0.0.1:1`));
  });
});

describe("drover completion", () => {
  it("bash completes commands, subcommands and flags from the command tree", async () => {
    const r = await drover(["completion", "bash"]);
    expect(r.code).toBe(0);
    const script = scratch("completion.bash", r.stdout);
    const complete = (...words: string[]) =>
      execFileSync("bash", ["-c", `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _drover_complete; echo "\${COMPREPLY[*]}"`], {
        encoding: "utf8",
      }).trim();
    expect(complete("drover", "ro")).toBe("rollout");
    expect(complete("drover", "rollout", "").split(" ")).toEqual(expect.arrayContaining(["status", "pause", "resume", "promote", "restart", "rollback"]));
    expect(complete("drover", "job", "apply", "--w")).toBe("--wait");
    expect(complete("drover", "-n", "x", "job", "ls", "--sel")).toBe("--selector");
    expect(complete("drover", "completion", "")).toBe("bash zsh --help");
  });

  it("zsh gets a script with the same table", async () => {
    const r = await drover(["completion", "zsh"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#compdef drover\n/);
    expect(r.stdout).toContain("'rollout') list='status pause resume promote restart rollback");
  });
});
