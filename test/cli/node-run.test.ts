import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { drover } from "./helpers.ts";

let t: TestServer;
let conn: string[];

beforeAll(async () => {
  t = await startTestServer("sqlite", { controlLoops: false });
  conn = ["--server", t.server.url, "--token", t.token];
  const reg = await t.gql(
    `mutation($input: RegisterNodeInput!) { registerNode(input: $input) { node { id } } }`,
    { input: { nodeId: "node-cli-a", hostname: "cli-a", labels: { region: "eu", tier: "edge" }, capacity: 4 } },
  );
  expect(reg.errors).toBeUndefined();
  const job = await t.gql(`mutation { submitJob(input: {name: "nightly", type: BATCH, command: "echo hi"}) { job { id } } }`);
  expect(job.errors).toBeUndefined();
});
afterAll(async () => {
  await t?.stop();
});

describe("drover node", () => {
  it("ls shows the registered node; -l filters; -o json parses", async () => {
    const [ls, none] = await Promise.all([drover(["node", "ls", ...conn], { COLUMNS: "100" }), drover(["node", "ls", "-l", "region=us", "-o", "json", ...conn])]);
    expect(ls.code).toBe(0);
    const lines = ls.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NODE\s+STATE\s+LABELS\s+RUNNING\s+CAPACITY\s+CPU FREE\s+MEM FREE\s+HEARTBEAT$/);
    // 100 columns: at 80 the labels would shrink to make room for CPU FREE and MEM FREE.
    // Registered without cpu or memory (an agent that reports none): its room is unknown.
    expect(lines[1]).toMatch(/^node-cli-a\s+READY\s+region=eu,tier=edge\s+0\s+4\s+\?\s+\?\s+(\d+s ago|never)$/);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual({ items: [] });
  });

  it("label merges and removes; drain and --undo", async () => {
    const [label, drain] = await Promise.all([
      drover(["node", "label", "node-cli-a", "zone=b,tier-", ...conn]),
      drover(["node", "drain", "node-cli-a", ...conn]),
    ]);
    expect(label.stderr).toBe("");
    expect(label.stdout).toBe("node node-cli-a labels: region=eu,zone=b\n");
    expect(drain.stdout).toBe("node node-cli-a draining (DRAINING)\n");
    const { data } = await t.gql(`{ node(id: "node-cli-a") { state labels } }`);
    expect(data.node).toEqual({ state: "DRAINING", labels: { region: "eu", zone: "b" } });
    const undo = await drover(["node", "drain", "node-cli-a", "--undo", ...conn]);
    expect(undo.stdout).toBe("node node-cli-a undrained (READY)\n");
  });

  it("setNodeLabels with a stale expectedRevision is a CONFLICT and changes nothing", async () => {
    const { data } = await t.gql(`{ node(id: "node-cli-a") { revision labels } }`);
    const stale = await t.gql(`mutation($rev: Int) { setNodeLabels(id: "node-cli-a", labels: { x: "1" }, expectedRevision: $rev) { node { id } } }`, {
      rev: data.node.revision - 1,
    });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "expectedRevision" });
    const after = await t.gql(`{ node(id: "node-cli-a") { revision labels } }`);
    expect(after.data.node).toEqual(data.node);
    const fresh = await t.gql(`mutation($rev: Int) { setNodeLabels(id: "node-cli-a", labels: { x: "1" }, expectedRevision: $rev) { node { revision labels } } }`, {
      rev: data.node.revision,
    });
    expect(fresh.data.setNodeLabels.node).toEqual({ revision: data.node.revision + 1, labels: { x: "1" } });
  });
});

describe("drover run", () => {
  it("trigger with an idempotency key returns the same run; ls and get", async () => {
    const first = await drover(["run", "trigger", "nightly", "--idempotency-key", "k1", "-o", "json", ...conn]);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a.created).toBe(true);
    const [again, ls, get, missing] = await Promise.all([
      drover(["run", "trigger", "nightly", "--idempotency-key", "k1", ...conn]),
      drover(["run", "ls", "nightly", "-o", "json", ...conn]),
      drover(["run", "get", a.run.id, ...conn]),
      drover(["run", "ls", "nothing", ...conn]),
    ]);
    expect(again.stdout).toBe(`run ${a.run.id} of job default/nightly already exists for this idempotency key (${a.run.state})\n`);
    expect(JSON.parse(ls.stdout).items.map((r: { id: string }) => r.id)).toEqual([a.run.id]);
    expect(get.stdout).toMatch(new RegExp(`^Run:\\s+${a.run.id}$`, "m"));
    expect(get.stdout).toMatch(/^Idempotency key:\s+k1$/m);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("error: job default/nothing not found (NOT_FOUND)\n");
  });

  it("logs of an unknown execution exits 1", async () => {
    const unknown = await drover(["logs", "--execution", "exec-nothing", ...conn]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("error: execution exec-nothing not found (NOT_FOUND)\n");
  });
});
