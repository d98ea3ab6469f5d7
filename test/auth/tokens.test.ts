import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "graphql-ws";
import { createTestDatabase, databaseProviders, type TestDatabase } from "../support/database.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const CREATE = `mutation($input: CreateTokenInput!) { createToken(input: $input) { secret token { id name namespace role createdAt lastUsedAt expiresAt revokedAt } } }`;
const SUBMIT = `mutation($ns: String) { submitJob(input: { name: "web", namespace: $ns, type: BATCH, command: "true" }) { job { id } } }`;

/** Resolves with the close code of the client's socket. */
function closeCode(client: Client): Promise<number> {
  return new Promise((resolve) => client.on("closed", (e) => resolve((e as { code: number }).code)));
}

/** Subscribes and resolves once the server answered (the socket is open and authenticated). */
async function subscribed(client: Client, ns: string): Promise<void> {
  const opened = new Promise<void>((resolve) => client.on("connected", () => resolve()));
  client.subscribe({ query: `subscription($ns: String) { jobEvents(namespace: $ns) { seq } }`, variables: { ns } }, { next: () => {}, error: () => {}, complete: () => {} });
  await opened;
}

for (const provider of await databaseProviders()) {
  describe(`token management (${provider})`, () => {
    let t: TestServer;
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(provider);
      t = await startTestServer(provider, { database: db, controlLoops: false });
    });
    afterAll(async () => {
      await t?.stop();
      await db?.drop();
    });

    const create = async (input: Record<string, unknown>, token?: string) => t.gql(CREATE, { input }, token ? { token } : {});

    it("creates a namespaced token that works there only; lists it without its secret", async () => {
      const made = await create({ namespace: "team-a", role: "OPERATOR", name: "ci-deploy", expiresIn: "720h" });
      expect(made.errors).toBeUndefined();
      const { secret, token } = made.data.createToken;
      expect(secret).toMatch(/^drv_/);
      expect(token).toMatchObject({ name: "ci-deploy", namespace: "team-a", role: "OPERATOR", revokedAt: null, lastUsedAt: null });
      expect(Date.parse(token.expiresAt) - Date.parse(token.createdAt)).toBe(720 * 3_600_000);

      expect((await t.gql(SUBMIT, { ns: "team-a" }, { token: secret })).errors).toBeUndefined();
      const elsewhere = await t.gql(SUBMIT, { ns: "team-b" }, { token: secret });
      expect(elsewhere.errors?.[0].extensions?.code).toBe("FORBIDDEN");

      const listed = await t.gql(`query { tokens(namespace: "team-a") { id name namespace role createdAt lastUsedAt expiresAt revokedAt } }`);
      expect(listed.data.tokens).toHaveLength(1);
      expect(listed.data.tokens[0]).toMatchObject({ id: token.id, name: "ci-deploy", role: "OPERATOR" });
      expect(listed.data.tokens[0].lastUsedAt).not.toBeNull();
      const row = await t.services().db.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
      expect(JSON.stringify(listed)).not.toContain(secret);
      expect(JSON.stringify(listed)).not.toContain(row.hash);
      // Without a namespace: every API token (the quickstart's too), no node or join tokens.
      const all = await t.gql(`{ tokens { id namespace role } }`);
      expect(all.data.tokens.map((x: { namespace: string }) => x.namespace).sort()).toEqual(["*", "team-a"]);
    });

    it("only admins manage tokens, and a namespace admin only in their namespace", async () => {
      const operator = (await create({ namespace: "team-a", role: "OPERATOR", name: "op" })).data.createToken.secret;
      const nsAdmin = (await create({ namespace: "team-a", role: "ADMIN", name: "lead" })).data.createToken.secret;
      const before = await t.services().db.prisma.apiToken.count();

      expect((await create({ namespace: "team-a", role: "VIEWER", name: "x" }, operator)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect((await create({ namespace: "team-b", role: "VIEWER", name: "x" }, nsAdmin)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect((await create({ namespace: "*", role: "ADMIN", name: "x" }, nsAdmin)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect((await t.gql(`{ joinTokens { id } }`, undefined, { token: nsAdmin })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect((await t.gql(`{ tokens { id } }`, undefined, { token: nsAdmin })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect((await t.gql(`mutation { createJoinToken(name: "j") { token } }`, undefined, { token: nsAdmin })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect(await t.services().db.prisma.apiToken.count()).toBe(before);

      const mine = await create({ namespace: "team-a", role: "VIEWER", name: "dashboard" }, nsAdmin);
      expect(mine.errors).toBeUndefined();
      const listed = await t.gql(`{ tokens(namespace: "team-a") { name } }`, undefined, { token: nsAdmin });
      expect(listed.data.tokens.map((x: { name: string }) => x.name)).toContain("dashboard");
    });

    it("bad input is VALIDATION_FAILED naming every field, and writes nothing", async () => {
      const before = await t.services().db.prisma.apiToken.count();
      const bad = await create({ namespace: "Team A", role: "VIEWER", name: " ", expiresIn: "soon" });
      expect(bad.errors?.[0].extensions?.code).toBe("VALIDATION_FAILED");
      expect(bad.errors?.[0].extensions?.field).toBe("namespace");
      expect(bad.errors?.[0].extensions?.problems.map((p: { field: string }) => p.field)).toEqual(["namespace", "name", "expiresIn"]);
      const nul = await create({ namespace: "team-a", role: "VIEWER", name: "a\u0000b" });
      expect(nul.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "name" });
      const join = await t.gql(`mutation { createJoinToken(name: "j", maxUses: 0, expiresIn: "-1h") { token } }`);
      expect(join.errors?.[0].extensions?.problems.map((p: { field: string }) => p.field)).toEqual(["maxUses", "expiresIn"]);
      expect(await t.services().db.prisma.apiToken.count()).toBe(before);
    });

    it("a revoked token fails UNAUTHENTICATED at once and its open subscriptions close with 4403 within a second", async () => {
      const { secret, token } = (await create({ namespace: "team-a", role: "VIEWER", name: "watcher" })).data.createToken;
      const client = t.ws(secret);
      const closed = closeCode(client);
      await subscribed(client, "team-a");

      const revoked = await t.gql(`mutation($id: ID!) { revokeToken(id: $id) { id revokedAt } }`, { id: token.id });
      expect(revoked.data.revokeToken.revokedAt).not.toBeNull();
      const started = Date.now();
      expect(await closed).toBe(4403);
      expect(Date.now() - started).toBeLessThan(1000);

      const after = await t.gql(`{ jobs(namespace: "team-a") { totalCount } }`, undefined, { token: secret });
      expect(after.status).toBe(401);
      expect(after.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      const listed = await t.gql(`{ tokens(namespace: "team-a") { id revokedAt } }`);
      expect(listed.data.tokens.find((x: { id: string }) => x.id === token.id).revokedAt).not.toBeNull();
      // Revoking again changes nothing; an unknown id is NOT_FOUND.
      expect((await t.gql(`mutation($id: ID!) { revokeToken(id: $id) { revokedAt } }`, { id: token.id })).data.revokeToken.revokedAt).toBe(revoked.data.revokeToken.revokedAt);
      expect((await t.gql(`mutation { revokeToken(id: "tok-nope") { id } }`)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    });

    it("join tokens: created, listed with their uses, revoked", async () => {
      const made = await t.gql(`mutation { createJoinToken(name: "eu-fleet", maxUses: 2, expiresIn: "24h") { id token joinToken { id name maxUses uses expiresAt revokedAt } } }`);
      const { id, token, joinToken } = made.data.createJoinToken;
      expect(joinToken).toMatchObject({ id, name: "eu-fleet", maxUses: 2, uses: 0, revokedAt: null });
      const reg = `mutation($id: String!) { registerNode(input: { nodeId: $id, hostname: "h", capacity: 1 }) { token } }`;
      expect((await t.gql(reg, { id: "node-eu-1" }, { token })).errors).toBeUndefined();
      const listed = await t.gql(`{ joinTokens { id uses lastUsedAt } }`);
      expect(listed.data.joinTokens.find((x: { id: string }) => x.id === id)).toMatchObject({ uses: 1 });
      expect(JSON.stringify(listed)).not.toContain(token);

      expect((await t.gql(`mutation($id: ID!) { revokeJoinToken(id: $id) { revokedAt } }`, { id })).data.revokeJoinToken.revokedAt).not.toBeNull();
      const refused = await t.gql(reg, { id: "node-eu-2" }, { token });
      expect(refused.status).toBe(401);
      // revokeJoinToken names join tokens only; revokeToken API tokens only.
      expect((await t.gql(`mutation($id: ID!) { revokeToken(id: $id) { id } }`, { id })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    });

    if (provider === "postgresql") {
      it("a token revoked through one replica has its sockets on another closed within a second", async () => {
        const other = await startTestServer(provider, { database: db, controlLoops: false });
        try {
          const { secret, token } = (await create({ namespace: "team-a", role: "VIEWER", name: "remote" })).data.createToken;
          const client = other.ws(secret);
          const closed = closeCode(client);
          await subscribed(client, "team-a");
          await t.gql(`mutation($id: ID!) { revokeToken(id: $id) { id } }`, { id: token.id });
          const started = Date.now();
          expect(await closed).toBe(4403);
          expect(Date.now() - started).toBeLessThan(1000);
        } finally {
          await other.stop();
        }
      });
    }
  });
}
