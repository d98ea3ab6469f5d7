import { describe, expect, it } from "vitest";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import { fromSnakeCaseSpec, snakeToCamel } from "../../server/spec/seed-format.ts";
import { problemsOf } from "./helpers.ts";

/** The `spec` of the item in seeds/jobs-list-response.txt, exactly. */
const SEED_SPEC = JSON.parse(`{
  "config": {
    "input": { "file": { "paths": ["/var/log/app/*.log"] } },
    "output": { "stdout": {} },
    "pipeline": { "processors": [{ "mapping": "root = this\\nroot.processed_at = now()\\n" }] }
  },
  "description": "Processes application logs from edge nodes",
  "labels": { "env": "production", "region": "us-west" },
  "name": "log-processor",
  "namespace": "production",
  "priority": 50,
  "selector": { "match_labels": { "env": "production" } },
  "type": "pipeline"
}`);

describe("fromSnakeCaseSpec", () => {
  it("converts the seed's example spec", () => {
    expect(fromSnakeCaseSpec(SEED_SPEC)).toEqual({
      config: {
        input: { file: { paths: ["/var/log/app/*.log"] } },
        output: { stdout: {} },
        pipeline: { processors: [{ mapping: "root = this\nroot.processed_at = now()\n" }] },
      },
      description: "Processes application logs from edge nodes",
      labels: { env: "production", region: "us-west" },
      name: "log-processor",
      namespace: "production",
      priority: 50,
      selector: { matchLabels: { env: "production" } },
      type: "pipeline",
    });
  });

  it("gives a valid spec once normalised, with the command the seed leaves out", () => {
    // The seed's pipeline has config and nothing to run it: refused, naming command.
    expect(problemsOf(() => normalizeSpec(fromSnakeCaseSpec(SEED_SPEC))).map((p) => p.field)).toEqual(["command"]);
    const spec = normalizeSpec({ ...fromSnakeCaseSpec(SEED_SPEC), command: "process-logs" });
    expect(spec).toMatchObject({
      name: "log-processor",
      namespace: "production",
      type: "pipeline",
      priority: 50,
      selector: { matchLabels: { env: "production" }, matchIds: [], matchExpressions: [] },
      deployment: { strategy: "immediate", maxParallel: 0, maxFailedNodes: 10, maxFailedNodesPercent: 10 },
      restartPolicy: { policy: "always" },
      command: "process-logs",
      image: null,
    });
    expect(spec.config).toEqual(SEED_SPEC.config);
  });

  it("converts every nested spec field name, and keeps the keys of data maps", () => {
    const input = fromSnakeCaseSpec({
      name: "x",
      type: "service",
      labels: { team_name: "edge" },
      meta: { "example.com/owner_id": "7" },
      env: { LOG_LEVEL: "debug" },
      config: { max_batch_size: 10, nested_obj: { inner_key: true } },
      selector: { match_labels: { node_class: "big" }, match_ids: ["node-a"], match_expressions: ["gpu_kind in (a100)"] },
      deployment: {
        strategy: "canary",
        max_parallel_percent: 25,
        canary_percent: 10,
        auto_promote: true,
        health_check: { deadline: "5m", min_healthy_time: "30s", max_error_rate: 0.1, probe: { command: "true", interval: "5s" } },
        max_failed_nodes: 2,
        max_failed_nodes_percent: 5.5,
        no_auto_rollback: true,
      },
      timeouts: { execution_timeout: 60, queue_timeout: 30, total_timeout: 600 },
      restart_policy: { policy: "on-failure", max_retries: 5, backoff: "2s", max_backoff: "1m", retry_exit_codes: [137] },
      time_zone: "UTC",
      overlap_policy: "allow",
      catch_up: 0,
      working_dir: "/srv",
      args: ["run", "--fast_mode"],
      tags: ["snake_tag"],
    });
    expect(input).toEqual({
      name: "x",
      type: "service",
      labels: { team_name: "edge" },
      meta: { "example.com/owner_id": "7" },
      env: { LOG_LEVEL: "debug" },
      config: { max_batch_size: 10, nested_obj: { inner_key: true } },
      selector: { matchLabels: { node_class: "big" }, matchIds: ["node-a"], matchExpressions: ["gpu_kind in (a100)"] },
      deployment: {
        strategy: "canary",
        maxParallelPercent: 25,
        canaryPercent: 10,
        autoPromote: true,
        healthCheck: { deadline: "5m", minHealthyTime: "30s", maxErrorRate: 0.1, probe: { command: "true", interval: "5s" } },
        maxFailedNodes: 2,
        maxFailedNodesPercent: 5.5,
        noAutoRollback: true,
      },
      timeouts: { executionTimeout: 60, queueTimeout: 30, totalTimeout: 600 },
      restartPolicy: { policy: "on-failure", maxRetries: 5, backoff: "2s", maxBackoff: "1m", retryExitCodes: [137] },
      timeZone: "UTC",
      overlapPolicy: "allow",
      catchUp: 0,
      workingDir: "/srv",
      args: ["run", "--fast_mode"],
      tags: ["snake_tag"],
    });
    expect(() => normalizeSpec(input)).not.toThrow();
  });

  it("accepts camelCase spellings too", () => {
    expect(fromSnakeCaseSpec({ name: "x", restartPolicy: { maxRetries: 1 }, selector: { matchLabels: { a: "b" } } })).toEqual({
      name: "x",
      restartPolicy: { maxRetries: 1 },
      selector: { matchLabels: { a: "b" } },
    });
  });

  it("names unknown fields as given, at any level", () => {
    const problems = problemsOf(() =>
      fromSnakeCaseSpec({ name: "x", runtime: "docker", job_id: "j", deployment: { max_surge: 1 }, selector: { match_fields: {} } }),
    );
    expect(problems.map((p) => p.field)).toEqual(["runtime", "job_id", "deployment.max_surge", "selector.match_fields"]);
    expect(problems[0].message).toMatch(/not a known spec field/);
  });

  it("refuses a field given in both spellings", () => {
    const problems = problemsOf(() => fromSnakeCaseSpec({ time_zone: "UTC", timeZone: "UTC" }));
    expect(problems).toEqual([{ field: "timeZone", message: expect.stringMatching(/twice.*time_zone.*timeZone/) }]);
  });

  it("refuses what is not an object", () => {
    expect(problemsOf(() => fromSnakeCaseSpec("spec")).map((p) => p.field)).toEqual(["spec"]);
  });

  it("leaves values it cannot descend into for normalizeSpec to judge", () => {
    expect(fromSnakeCaseSpec({ deployment: "rolling" })).toEqual({ deployment: "rolling" });
  });

  it.each([
    ["max_failed_nodes_percent", "maxFailedNodesPercent"],
    ["match_ids", "matchIds"],
    ["name", "name"],
    ["timeZone", "timeZone"],
  ])("snakeToCamel(%j) is %j", (snake, camel) => {
    expect(snakeToCamel(snake)).toBe(camel);
  });
});
