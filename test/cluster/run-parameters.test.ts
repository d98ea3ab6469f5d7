import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, submitJobId } from "../support/server.ts";
import { eventually, startReadyAgents, type AgentProcess } from "../support/agents.ts";
import { databaseProviders } from "../support/database.ts";

/**
 * A parameterised run's values reach the process: real agent processes run
 * a script that prints what it sees (its DROVER_META_* variables, the
 * payload file's path, mode, directory and content) to its log, and answers
 * a broadcast with the payload through DROVER_RESULT_FILE.
 */
const SCRIPT = [
  'echo "version=$DROVER_META_VERSION"',
  'echo "region=$DROVER_META_REGION"',
  'echo "unset=${DROVER_META_DRY_RUN-none}"',
  'echo "file=$DROVER_PAYLOAD_FILE"',
  'echo "mode=$(stat -c %a "$DROVER_PAYLOAD_FILE")"',
  'echo "beside_result=$([ "$(dirname "$DROVER_PAYLOAD_FILE")" = "$(dirname "$DROVER_RESULT_FILE")" ] && echo yes || echo no)"',
  'echo "payload_b64=$(base64 -w0 "$DROVER_PAYLOAD_FILE")"',
  'printf \'{"changed": false, "data": {"region": "%s"}}\' "$DROVER_META_REGION" > "$DROVER_RESULT_FILE"',
].join("; ");

const PAYLOAD = 'line one\nline "two" with $HOME and `ticks`\n{"json": true}\n';

for (const provider of await databaseProviders()) {
  describe(`run parameters reach real agents' processes on ${provider}`, () => {
    let t: TestServer;
    const agents: AgentProcess[] = [];

    beforeAll(async () => {
      t = await startTestServer(provider, { heartbeatTtlMs: 10_000 });
      agents.push(...(await startReadyAgents(t, [{ nodeId: "node-pa" }, { nodeId: "node-pb" }], { timeoutMs: 60_000 })));
    }, 90_000);
    afterAll(async () => {
      await Promise.all(agents.map((a) => a.stop()));
      await t?.stop();
    });

    const submit = (input: Record<string, unknown>) => submitJobId(t, input);

    async function triggerAndFinish(jobId: string, values: Record<string, unknown>) {
      const r = await t.gql(`mutation($id: ID!, $meta: StringMap, $payload: String) { triggerRun(jobId: $id, meta: $meta, payload: $payload) { run { id } } }`, { id: jobId, ...values });
      expect(r.errors).toBeUndefined();
      const runId = r.data.triggerRun.run.id as string;
      const run = await eventually(
        async () => {
          const q = await t.gql(`query($id: ID!) { run(id: $id) { state status meta payload error responses { nodeId data } } }`, { id: runId });
          return ["SUCCEEDED", "FAILED", "PARTIAL_FAILURE"].includes(q.data.run.state) ? q.data.run : null;
        },
        { what: `run ${runId} to finish`, timeoutMs: 30_000 },
      );
      const logs = await eventually(async () => {
        const q = await t.gql(`query($id: ID!) { logs(runId: $id) { text nodeId } }`, { id: runId });
        return q.data.logs.length ? q.data.logs : null;
      });
      return { runId, run, logs: logs as { text: string; nodeId: string }[] };
    }

    /** key=value lines of one node's log. */
    const seen = (logs: { text: string; nodeId: string }[], nodeId?: string) =>
      Object.fromEntries(logs.filter((l) => !nodeId || l.nodeId === nodeId).map((l) => [l.text.slice(0, l.text.indexOf("=")), l.text.slice(l.text.indexOf("=") + 1)]));

    it("a batch run's meta (defaults applied) is in its environment and its payload in a 0600 file beside the result file, removed when it ends", async () => {
      const jobId = await submit({
        name: "param-batch",
        type: "BATCH",
        command: SCRIPT,
        env: { DROVER_META_REGION: "from-env" },
        parameters: { metaRequired: ["version"], metaOptional: ["region", "dry_run"], metaDefaults: { region: "eu-west" }, payloadMaxBytes: 1024 },
      });
      const { run, logs } = await triggerAndFinish(jobId, { meta: { version: "1.2.3" }, payload: PAYLOAD });
      expect(run).toMatchObject({ state: "SUCCEEDED", status: "COMPLETED", meta: { version: "1.2.3", region: "eu-west" }, payload: PAYLOAD });
      const env = seen(logs);
      expect(env).toMatchObject({ version: "1.2.3", region: "eu-west", unset: "none", mode: "600", beside_result: "yes" });
      expect(Buffer.from(env.payload_b64, "base64").toString("utf8")).toBe(PAYLOAD);
      expect(env.file).toMatch(/\/payload$/);
      // The agent runs on this host: the execution's directory, and the payload with it, is gone.
      await eventually(async () => !fs.existsSync(env.file), { what: "the payload file removed" });
    }, 60_000);

    it("a broadcast gives every node the same values, and a run without a payload has no DROVER_PAYLOAD_FILE", async () => {
      const jobId = await submit({
        name: "param-ops",
        type: "OPS",
        command: SCRIPT,
        parameters: { metaOptional: ["region", "version"], payloadMaxBytes: 64 },
      });
      const { run, logs } = await triggerAndFinish(jobId, { meta: { region: "us-east" }, payload: "hi" });
      expect(run.state).toBe("SUCCEEDED");
      expect(run.responses).toEqual([
        { nodeId: "node-pa", data: { region: "us-east" } },
        { nodeId: "node-pb", data: { region: "us-east" } },
      ]);
      for (const node of ["node-pa", "node-pb"]) {
        expect(seen(logs, node)).toMatchObject({ region: "us-east", version: "", mode: "600" });
        expect(Buffer.from(seen(logs, node).payload_b64, "base64").toString()).toBe("hi");
      }
      const bare = await triggerAndFinish(jobId, { meta: { version: "9" } });
      expect(bare.run.payload).toBeNull();
      expect(seen(bare.logs, "node-pa")).toMatchObject({ version: "9", file: "", payload_b64: "" });
    }, 60_000);
  });
}
