import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { drover } from "../cli/helpers.ts";

describe("drover token and drover join-token (the real binary)", () => {
  let t: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer("sqlite", { controlLoops: false });
    // Wide enough that no column is shortened: the assertions read whole cells.
    env = { DROVER_SERVER: t.server.url, DROVER_TOKEN: t.token, COLUMNS: "160" };
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("token create prints the secret once, on stdout alone; ls shows the token, never the secret; revoke ends it", async () => {
    const made = await drover(["token", "create", "ci-deploy", "-n", "team-a", "--role", "operator", "--expires-in", "720h"], env);
    expect(made.code).toBe(0);
    const secret = made.stdout.trim();
    expect(secret).toMatch(/^drv_[A-Za-z0-9_-]+$/);
    expect(made.stderr).toMatch(/token tok-\S+ "ci-deploy" created; its secret is shown only now/);
    const id = /token (tok-\S+)/.exec(made.stderr)![1];

    const works = await drover(["job", "ls", "-n", "team-a"], { ...env, DROVER_TOKEN: secret });
    expect(works.code).toBe(0);

    const ls = await drover(["token", "ls", "-n", "team-a"], env);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/^ID\s+NAME\s+NAMESPACE\s+ROLE\s+STATUS/);
    expect(ls.stdout).toMatch(new RegExp(`${id}\\s+ci-deploy\\s+team-a\\s+operator\\s+active`));
    expect(ls.stdout).not.toContain(secret);

    const json = await drover(["token", "ls", "-n", "team-a", "-o", "json"], env);
    const items = JSON.parse(json.stdout).items;
    expect(items).toEqual([expect.objectContaining({ id, name: "ci-deploy", namespace: "team-a", role: "OPERATOR", revokedAt: null })]);
    expect(json.stdout).not.toContain(secret);

    const revoked = await drover(["token", "revoke", id], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(`token ${id} revoked\n`);
    const refused = await drover(["job", "ls", "-n", "team-a"], { ...env, DROVER_TOKEN: secret });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("UNAUTHENTICATED");
    const after = await drover(["token", "ls", "-n", "team-a"], env);
    expect(after.stdout).toMatch(new RegExp(`${id}\\s+ci-deploy\\s+team-a\\s+operator\\s+revoked`));
  });

  it("-o json on create carries the secret for scripts; a refused create exits 1 with the server's reason", async () => {
    const made = await drover(["token", "create", "bot", "-n", "*", "--role", "viewer", "-o", "json"], env);
    expect(made.code).toBe(0);
    const out = JSON.parse(made.stdout);
    expect(out).toMatchObject({ name: "bot", namespace: "*", role: "VIEWER" });
    expect(out.secret).toMatch(/^drv_/);

    const viewer = await drover(["token", "create", "escalate", "-n", "*", "--role", "admin"], { ...env, DROVER_TOKEN: out.secret });
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toContain("FORBIDDEN");
    const bad = await drover(["token", "create", "x", "--role", "root"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/viewer, operator or admin/);
    const badLifetime = await drover(["token", "create", "x", "--expires-in", "forever"], env);
    expect(badLifetime.code).toBe(1);
    expect(badLifetime.stderr).toMatch(/expiresIn.*VALIDATION_FAILED/);
  });

  it("join-token create, ls with uses, revoke; an agent cannot register with a revoked one", async () => {
    const made = await drover(["join-token", "create", "eu-fleet", "--max-uses", "3"], env);
    expect(made.code).toBe(0);
    const secret = made.stdout.trim();
    const id = /join-token (tok-\S+)/.exec(made.stderr)![1];
    const reg = `mutation { registerNode(input: { nodeId: "node-cli-1", hostname: "h", capacity: 1 }) { token } }`;
    expect((await t.gql(reg, undefined, { token: secret })).errors).toBeUndefined();

    const ls = await drover(["join-token", "ls"], env);
    expect(ls.stdout).toMatch(new RegExp(`${id}\\s+eu-fleet\\s+1/3\\s+active`));
    expect(ls.stdout).not.toContain(secret);
    const json = JSON.parse((await drover(["join-token", "ls", "-o", "json"], env)).stdout);
    expect(json.items).toEqual([expect.objectContaining({ id, uses: 1, maxUses: 3 })]);

    expect((await drover(["join-token", "revoke", id], env)).code).toBe(0);
    const refused = await t.gql(reg.replace("node-cli-1", "node-cli-2"), undefined, { token: secret });
    expect(refused.status).toBe(401);
    expect((await drover(["join-token", "ls"], env)).stdout).toMatch(new RegExp(`${id}\\s+eu-fleet\\s+1/3\\s+revoked`));
  });
});
