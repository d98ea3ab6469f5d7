import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseProviders } from "../support/database.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

// Inputs that used to be accepted (and fail at run time), or reach the
// database and fail there as INTERNAL_SERVER_ERROR (PostgreSQL refuses NUL
// and lone surrogates; deep JSON and huge selectors fail in the driver):
// each must be VALIDATION_FAILED naming the field, with nothing written.

const SUBMIT = `mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`;

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

const base = { name: "limits", type: "BATCH", command: "true" };
const many = (n: number, f: (i: number) => [string, string]) => Object.fromEntries(Array.from({ length: n }, (_, i) => f(i)));

const CASES: [string, Record<string, unknown>, string][] = [
  ["a command over 128 KiB", { command: "x".repeat(200 * 1024) }, "command"],
  ["args plus env over 128 KiB", { command: null, args: ["/bin/echo", "y".repeat(30_000)], env: many(4, (i) => [`V${i}`, "z".repeat(30_000)]) }, "args"],
  ["an env value over 32 KiB", { env: { BIG: "v".repeat(33 * 1024) } }, "env.BIG"],
  ["65 labels", { labels: many(65, (i) => [`k${i}`, "v"]) }, "labels"],
  ["257 meta keys", { meta: many(257, (i) => [`m${i}`, "v"]) }, "meta"],
  ["65 tags", { tags: Array.from({ length: 65 }, (_, i) => `t${i}`) }, "tags"],
  ["config over 256 KiB", { config: { blob: "c".repeat(300 * 1024) } }, "config"],
  ["config nested 33 deep", { config: nested(33) }, "config"],
  ["a selector of 2,000 expressions", { selector: { matchExpressions: Array.from({ length: 2000 }, (_, i) => `k${i}=v`) } }, "selector"],
  ["a NUL in the command", { command: "echo a\u0000b" }, "command"],
  ["a NUL in the description", { description: "a\u0000" }, "description"],
  ["a NUL in an env value", { env: { A: "x\u0000" } }, "env.A"],
  ["a NUL in a config key", { config: { "k\u0000": 1 } }, "config"],
  ["a NUL in a config string", { config: { list: ["ok", "bad\u0000"] } }, "config.list.1"],
  ["a NUL in a tag", { tags: ["ok", "t\u0000"] }, "tags.1"],
  ["a lone surrogate in the command", { command: "echo \uD800" }, "command"],
  ["a lone surrogate in meta", { meta: { note: "\uDC00 x" } }, "meta.note"],
  ["a lone surrogate in a config string", { config: { s: "a\uDBFFb" } }, "config.s"],
];

for (const provider of await databaseProviders()) {
  describe(`spec limits over the API (${provider})`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(provider, { controlLoops: false });
    });
    afterAll(async () => {
      await t?.stop();
    });

    it.each(CASES)("%s is VALIDATION_FAILED on its field and writes nothing", async (_what, spec, field) => {
      const res = await t.gql(SUBMIT, { input: { ...base, ...spec } });
      expect(res.errors?.[0].extensions?.code).toBe("VALIDATION_FAILED");
      expect(res.errors?.[0].extensions?.field).toBe(field);
      expect(await t.services().db.prisma.job.count()).toBe(0);
      expect(await t.services().db.prisma.event.count()).toBe(0);
    });

    it("config nested 20,000 deep is VALIDATION_FAILED on config and writes nothing", async () => {
      // Written by hand: JSON.stringify itself runs out of stack at this depth.
      const deep = '{"a":'.repeat(20_000) + "1" + "}".repeat(20_000);
      const body = `{"query":${JSON.stringify(SUBMIT)},"variables":{"input":{"name":"deep","type":"BATCH","command":"true","config":${deep}}}}`;
      const res = await fetch(t.server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${t.token}` }, body });
      const json = (await res.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
      expect(json.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "config" });
      expect(json.errors?.[0].message).toMatch(/at most 32 levels/);
      expect(await t.services().db.prisma.job.count()).toBe(0);
    });

    it("every problem is listed at once", async () => {
      const res = await t.gql(SUBMIT, {
        input: { ...base, command: "x".repeat(200 * 1024), labels: many(65, (i) => [`k${i}`, "v"]), tags: ["t\u0000"] },
      });
      expect(res.errors?.[0].extensions?.problems.map((p: { field: string }) => p.field).sort()).toEqual(["command", "labels", "tags.0"]);
    });

    it("a list query's selector of 2,000 terms is VALIDATION_FAILED on selector", async () => {
      const selector = Array.from({ length: 2000 }, (_, i) => `k${i}=v`).join(",");
      for (const q of [`query($s: String) { jobs(selector: $s) { totalCount } }`, `query($s: String) { nodes(selector: $s) { totalCount } }`]) {
        const res = await t.gql(q, { s: selector });
        expect(res.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "selector" });
        expect(res.errors?.[0].message).toMatch(/at most 64 terms/);
      }
    });

    it("a spec at the limits is accepted and reads back as submitted", async () => {
      const spec = {
        ...base,
        name: "at-limits",
        command: "echo " + "x".repeat(60 * 1024),
        env: { A: "a".repeat(32 * 1024), B: "b".repeat(30 * 1024) },
        labels: many(64, (i) => [`k${i}`, "v".repeat(63)]),
        meta: many(256, (i) => [`m${i}`, "v"]),
        tags: Array.from({ length: 64 }, (_, i) => `t${i}`),
        config: { deep: nested(31), text: "ünïcödé 😀" },
      };
      const res = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { spec { command config tags } } } }`, { input: spec });
      expect(res.errors).toBeUndefined();
      expect(res.data.submitJob.job.spec.command).toBe(spec.command);
      expect(res.data.submitJob.job.spec.config).toEqual(spec.config);
      expect(res.data.submitJob.job.spec.tags).toHaveLength(64);
    });
  });
}
