import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { startTestServer, type TestServer } from "../support/server.ts";
import { cwd, drover, scratch } from "./helpers.ts";

/** Contexts: a kubeconfig-like file picks the server, token and namespace when nothing nearer does. */
let t: TestServer;
let env: Record<string, string>;
const configFile = path.join(cwd, "config", "drover.yaml");

beforeAll(async () => {
  t = await startTestServer("sqlite", { controlLoops: false });
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  fs.writeFileSync(path.join(path.dirname(configFile), "local.token"), `${t.token}\n`);
  env = { DROVER_CONFIG: configFile };
});
afterAll(async () => {
  await t?.stop();
});

describe("drover config", () => {
  it("set-context writes the file (0600); the first context becomes current; get-contexts never shows a token", async () => {
    const a = await drover(["config", "set-context", "local", "--server", t.server.url, "--token-file", "local.token", "--namespace", "team"], env);
    expect(a.stderr).toBe("");
    expect(a.stdout).toBe(`context "local" created (current) in ${configFile}\n`);
    const b = await drover(["config", "set-context", "other", "--server", "127.0.0.1:1", "--token", "secret-token"], env);
    expect(b.stdout).toBe(`context "other" created in ${configFile}\n`);
    expect(fs.statSync(configFile).mode & 0o777).toBe(0o600);
    expect(YAML.parse(fs.readFileSync(configFile, "utf8"))["current-context"]).toBe("local");
    const ls = await drover(["config", "get-contexts"], env);
    expect(ls.stdout.split("\n")[0]).toMatch(/^CURRENT\s+NAME\s+SERVER\s+NAMESPACE\s+TOKEN$/);
    expect(ls.stdout).toMatch(/^\*\s+local\s+http:\/\/127\.0\.0\.1:\d+\/graphql\s+team\s+local\.token$/m);
    expect(ls.stdout).toMatch(/^\s+other\s+127\.0\.0\.1:1\s+-\s+\(inline\)$/m);
    expect(ls.stdout).not.toContain("secret-token");
    const current = await drover(["config", "current-context"], env);
    expect(current.stdout).toBe("local\n");
  });

  it("the current context gives server, token and namespace: apply and get land in its namespace", async () => {
    const file = scratch("ctx-job.yaml", "name: ctx-job\ntype: batch\ncommand: 'true'\n");
    const apply = await drover(["job", "apply", "-f", file], env);
    expect(apply.stderr).toBe("");
    expect(apply.stdout).toMatch(/^job team\/ctx-job created/);
    const get = await drover(["job", "get", "ctx-job", "-o", "jsonpath={.namespace}"], env);
    expect(get.stdout).toBe("team\n");
    const elsewhere = await drover(["job", "get", "ctx-job", "-n", "default"], env);
    expect(elsewhere.code).toBe(1);
  });

  it("--context and DROVER_CONTEXT pick another context; flags beat it; an unknown one exits 2 naming the known", async () => {
    const [flag, envCtx, override, unknown] = await Promise.all([
      drover(["job", "ls", "--context", "other"], env),
      drover(["job", "ls"], { ...env, DROVER_CONTEXT: "other" }),
      drover(["job", "ls", "--context", "other", "--server", t.server.url, "--token", t.token, "-o", "name"], env),
      drover(["job", "ls", "--context", "prod"], env),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: cannot reach http:\/\/127\.0\.0\.1:1\/graphql/);
    expect(envCtx.stderr).toMatch(/^error: cannot reach http:\/\/127\.0\.0\.1:1\/graphql/);
    expect(override.stderr).toBe("");
    expect(override.stdout).toBe("job/team/ctx-job\n");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`error: no context "prod" in ${configFile} (there are: local, other)\n`);
  });

  it("./.drover/ of the working directory wins over the current context", async () => {
    const dir = fs.mkdtempSync(path.join(cwd, "quickstart-"));
    fs.mkdirSync(path.join(dir, ".drover"));
    fs.writeFileSync(path.join(dir, ".drover", "server.json"), JSON.stringify({ url: "http://127.0.0.1:1/graphql" }));
    fs.writeFileSync(path.join(dir, ".drover", "admin.token"), "x");
    const r = await drover(["job", "ls"], env, 20_000, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot reach http:\/\/127\.0\.0\.1:1\/graphql/);
    const current = await drover(["config", "current-context"], env, 20_000, dir);
    expect(current.stdout).toBe("local\n");
    expect(current.stderr).toContain("(not in use here: the server comes from");
  });

  it("use-context switches; a broken file is a usage error with its path", async () => {
    const use = await drover(["config", "use-context", "other"], env);
    expect(use.stdout).toBe(`switched to context "other" (${configFile})\n`);
    const missing = await drover(["config", "use-context", "nope"], env);
    expect(missing.code).toBe(2);
    const broken = scratch("broken.yaml", "contexts:\n  - name: x\n    sever: http://typo\n");
    const r = await drover(["job", "ls"], { DROVER_CONFIG: broken });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${broken}: contexts[0].sever: unknown field (known: name, server, token, tokenFile, namespace)\n`);
  });
});
