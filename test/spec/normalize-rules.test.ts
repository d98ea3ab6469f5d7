import { describe, expect, it } from "vitest";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import type { JobSpecInput } from "../../server/spec/types.ts";
import { fieldsOf, problemsOf } from "./helpers.ts";

// Every job says what it runs (a spec with nothing to run is refused, see "nothing to run" below).
const svc = { name: "web", type: "service", command: "serve" };
const job = { name: "nightly", type: "batch", command: "true" };
const rolling = (extra: Record<string, unknown> = {}, healthCheck: Record<string, unknown> = { deadline: "1m" }) => ({
  ...svc,
  deployment: { strategy: "rolling", healthCheck, ...extra },
});
const canary = (extra: Record<string, unknown> = {}) => ({
  ...svc,
  deployment: { strategy: "canary", healthCheck: { deadline: "1m" }, ...extra },
});

/** [what, input, the exact field paths of every problem, in order, and a word of the first message]. */
const cases: [string, Record<string, unknown>, string[], RegExp][] = [
  // identity
  ["a missing name", { type: "batch", command: "true" }, ["name"], /required/],
  ["an upper-case name", { ...job, name: "Web" }, ["name"], /lowercase/],
  ["a name starting with -", { ...job, name: "-web" }, ["name"], /lowercase/],
  ["a name with a dot", { ...job, name: "web.app" }, ["name"], /lowercase/],
  ["a 64-character name", { ...job, name: "a".repeat(64) }, ["name"], /at most 63/],
  ["an empty name", { ...job, name: "" }, ["name"], /empty/],
  ["a blank namespace", { ...job, namespace: " " }, ["namespace"], /lowercase/],
  ["a name that is not a string", { ...job, name: 5 }, ["name"], /string/],
  ["a bad namespace", { ...job, namespace: "Prod_1" }, ["namespace"], /lowercase/],
  ["a missing type", { name: "x", command: "true" }, ["type"], /required.*service, pipeline, batch/],
  ["an unknown type", { ...job, type: "daemon" }, ["type"], /one of/],
  ["a type in GraphQL spelling", { ...job, type: "BATCH" }, ["type"], /one of/],
  ["an unknown top-level field", { ...job, imagee: "x" }, ["imagee"], /not a known field/],
  ["a description that is not a string", { ...job, description: 5 }, ["description"], /string/],
  // labels, meta, env
  ["a label key with a space", { ...job, labels: { "bad key": "x" } }, ["labels.bad key"], /key name/],
  ["a label key with two slashes", { ...job, labels: { "a/b/c": "x" } }, ["labels.a/b/c"], /at most one/],
  ["a label key with an upper-case prefix", { ...job, labels: { "Example.com/x": "y" } }, ["labels.Example.com/x"], /prefix/],
  ["a label value with a space", { ...job, labels: { env: "has space" } }, ["labels.env"], /value/],
  ["a label value of 64 characters", { ...job, labels: { env: "v".repeat(64) } }, ["labels.env"], /at most 63/],
  ["a label value that is not a string", { ...job, labels: { env: 5 } }, ["labels.env"], /string/],
  ["labels that are a list", { ...job, labels: ["env=prod"] }, ["labels"], /object/],
  ["a reserved meta key", { ...job, meta: { "expanso.io/owner": "me" } }, ["meta.expanso.io/owner"], /reserved.*expanso\.io\//],
  ["a malformed meta key", { ...job, meta: { "-x": "y" } }, ["meta.-x"], /key name/],
  ["an env name starting with a digit", { ...job, env: { "1BAD": "x" } }, ["env.1BAD"], /environment variable/],
  ["an env name with a dash", { ...job, env: { "MY-VAR": "x" } }, ["env.MY-VAR"], /environment variable/],
  ["an env value that is not a string", { ...job, env: { A: 1 } }, ["env.A"], /string/],
  // priority, config
  ["a priority above 100", { ...job, priority: 101 }, ["priority"], /between 0 and 100/],
  ["a negative priority", { ...job, priority: -1 }, ["priority"], /between 0 and 100/],
  ["a fractional priority", { ...job, priority: 1.5 }, ["priority"], /whole number/],
  ["a priority as text", { ...job, priority: "50" }, ["priority"], /whole number/],
  ["config as a list", { ...job, config: [1, 2] }, ["config"], /JSON object/],
  ["config as text", { ...job, config: "{}" }, ["config"], /JSON object/],
  ["config holding NaN", { ...job, config: { a: { b: Number.NaN } } }, ["config.a.b"], /JSON/],
  ["config holding a date", { ...job, config: { at: new Date(0) } }, ["config.at"], /JSON/],
  // selector
  ["a selector that is text", { ...job, selector: "env=prod" }, ["selector"], /object/],
  ["a misspelled selector field", { ...job, selector: { matchLabel: {} } }, ["selector.matchLabel"], /not a known field/],
  ["a bad matchLabels key", { ...job, selector: { matchLabels: { "a b": "c" } } }, ["selector.matchLabels.a b"], /key/],
  ["a bad matchLabels value", { ...job, selector: { matchLabels: { a: "b c" } } }, ["selector.matchLabels.a"], /value/],
  ["a matchIds entry that is not a node id", { ...job, selector: { matchIds: ["node-a", "web-1"] } }, ["selector.matchIds.1"], /node-/],
  ["matchIds as text", { ...job, selector: { matchIds: "node-a" } }, ["selector.matchIds"], /list/],
  ["a malformed expression", { ...job, selector: { matchExpressions: ["ok", "gpu", "tier in (a,b"] } }, ["selector.matchExpressions.2"], /tier in \(a,b/],
  ["an expression that is not a string", { ...job, selector: { matchExpressions: [5] } }, ["selector.matchExpressions.0"], /string/],
  // deployment
  ["deployment as text", { ...svc, deployment: "rolling" }, ["deployment"], /object/],
  ["an unknown strategy", { ...svc, deployment: { strategy: "blue-green" } }, ["deployment.strategy"], /immediate, rolling, canary/],
  ["an unknown deployment field", { ...svc, deployment: { maxSurge: 1 } }, ["deployment.maxSurge"], /not a known field/],
  ["rolling without a health check", { ...svc, deployment: { strategy: "rolling" } }, ["deployment.healthCheck"], /required for the rolling/],
  ["canary without a health check", { ...svc, deployment: { strategy: "canary" } }, ["deployment.healthCheck"], /required for the canary/],
  ["a health check without a deadline", rolling({}, { minHealthyTime: "10s" }), ["deployment.healthCheck.deadline"], /required/],
  ["a deadline that is not a duration", rolling({}, { deadline: "5 minutes" }), ["deployment.healthCheck.deadline"], /not a duration/],
  ["a zero deadline", rolling({}, { deadline: "0s" }), ["deployment.healthCheck.deadline"], /longer than 0s/],
  ["a negative minHealthyTime", rolling({}, { deadline: "1m", minHealthyTime: "-5s" }), ["deployment.healthCheck.minHealthyTime"], /negative/],
  ["minHealthyTime longer than the deadline", rolling({}, { deadline: "1m", minHealthyTime: "2m" }), ["deployment.healthCheck.minHealthyTime"], /deadline/],
  ["the default minHealthyTime longer than the deadline", rolling({}, { deadline: "10s" }), ["deployment.healthCheck.minHealthyTime"], /30s > 10s/],
  ["maxErrorRate above 1", rolling({}, { deadline: "1m", maxErrorRate: 1.5 }), ["deployment.healthCheck.maxErrorRate"], /between 0 and 1/],
  ["a negative maxErrorRate", rolling({}, { deadline: "1m", maxErrorRate: -0.1 }), ["deployment.healthCheck.maxErrorRate"], /between 0 and 1/],
  ["a probe without a command", rolling({}, { deadline: "1m", probe: { interval: "5s" } }), ["deployment.healthCheck.probe.command"], /required/],
  ["a probe with an empty command", rolling({}, { deadline: "1m", probe: { command: " " } }), ["deployment.healthCheck.probe.command"], /required/],
  ["a probe with a bad interval", rolling({}, { deadline: "1m", probe: { command: "true", interval: "soon" } }), ["deployment.healthCheck.probe.interval"], /duration/],
  ["an unknown health check field", rolling({}, { deadline: "1m", timeout: "5s" }), ["deployment.healthCheck.timeout"], /not a known field/],
  ["both maxParallel and maxParallelPercent", rolling({ maxParallel: 2, maxParallelPercent: 50 }), ["deployment.maxParallelPercent"], /not both/],
  ["a negative maxParallel", rolling({ maxParallel: -1 }), ["deployment.maxParallel"], /at least 0/],
  ["maxParallelPercent 0", rolling({ maxParallelPercent: 0 }), ["deployment.maxParallelPercent"], /between 1 and 100/],
  ["maxParallelPercent 101", rolling({ maxParallelPercent: 101 }), ["deployment.maxParallelPercent"], /between 1 and 100/],
  ["canaryPercent out of range", canary({ canaryPercent: 150 }), ["deployment.canaryPercent"], /between 1 and 100/],
  ["canaryPercent 0", canary({ canaryPercent: 0 }), ["deployment.canaryPercent"], /between 1 and 100/],
  ["a fractional canaryPercent", canary({ canaryPercent: 12.5 }), ["deployment.canaryPercent"], /whole number/],
  ["canaryCount 0", canary({ canaryCount: 0 }), ["deployment.canaryCount"], /at least 1/],
  ["both canaryCount and canaryPercent", canary({ canaryCount: 2, canaryPercent: 10 }), ["deployment.canaryPercent"], /not both/],
  ["canaryCount without the canary strategy", rolling({ canaryCount: 2 }), ["deployment.canaryCount"], /only to the canary/],
  ["canaryPercent with immediate", { ...svc, deployment: { canaryPercent: 10 } }, ["deployment.canaryPercent"], /only to the canary/],
  ["autoPromote without the canary strategy", rolling({ autoPromote: true }), ["deployment.autoPromote"], /only to the canary/],
  ["a negative maxFailedNodes", rolling({ maxFailedNodes: -1 }), ["deployment.maxFailedNodes"], /at least 0/],
  ["maxFailedNodesPercent above 100", rolling({ maxFailedNodesPercent: 100.5 }), ["deployment.maxFailedNodesPercent"], /between 0 and 100/],
  ["noAutoRollback as text", rolling({ noAutoRollback: "yes" }), ["deployment.noAutoRollback"], /true or false/],
  ["a rolling batch job", { ...job, deployment: { strategy: "rolling", healthCheck: { deadline: "1m" } } }, ["deployment.strategy"], /only the immediate/],
  ["a canary ops job", { name: "x", type: "ops", command: "true", deployment: { strategy: "canary", healthCheck: { deadline: "1m" } } }, ["deployment.strategy"], /only the immediate/],
  ["a rolling config job", { name: "x", type: "config", command: "true", deployment: { strategy: "rolling", healthCheck: { deadline: "1m" } } }, ["deployment.strategy"], /only the immediate/],
  // timeouts
  ["a negative timeout", { ...job, timeouts: { executionTimeout: -1 } }, ["timeouts.executionTimeout"], /at least 0/],
  ["a fractional timeout", { ...job, timeouts: { queueTimeout: 1.5 } }, ["timeouts.queueTimeout"], /whole number/],
  ["a timeout as a duration", { ...job, timeouts: { totalTimeout: "60s" } }, ["timeouts.totalTimeout"], /whole number/],
  ["an unknown timeout", { ...job, timeouts: { idleTimeout: 5 } }, ["timeouts.idleTimeout"], /not a known field/],
  // restart policy
  ["an unknown restart policy", { ...job, restartPolicy: { policy: "sometimes" } }, ["restartPolicy.policy"], /always, on-failure, never/],
  ["a negative maxRetries", { ...job, restartPolicy: { maxRetries: -1 } }, ["restartPolicy.maxRetries"], /at least 0/],
  ["a zero backoff", { ...job, restartPolicy: { backoff: "0s" } }, ["restartPolicy.backoff"], /longer than 0s/],
  ["a backoff that is not a duration", { ...job, restartPolicy: { backoff: 5 } }, ["restartPolicy.backoff"], /duration/],
  ["maxBackoff shorter than backoff", { ...job, restartPolicy: { backoff: "10s", maxBackoff: "5s" } }, ["restartPolicy.maxBackoff"], /shorter than backoff/],
  ["an exit code above 255", { ...job, restartPolicy: { retryExitCodes: [1, 256] } }, ["restartPolicy.retryExitCodes.1"], /between 0 and 255/],
  ["a negative exit code", { ...job, restartPolicy: { retryExitCodes: [-1] } }, ["restartPolicy.retryExitCodes.0"], /between 0 and 255/],
  ["an exit code as text", { ...job, restartPolicy: { retryExitCodes: ["1"] } }, ["restartPolicy.retryExitCodes.0"], /whole number/],
  // cron
  ["a bad cron expression", { ...job, schedule: "61 * * * *" }, ["schedule"], /minute/],
  ["a six-field cron expression", { ...job, schedule: "0 0 * * * *" }, ["schedule"], /5 fields/],
  ["a schedule on a service", { ...svc, schedule: "@daily" }, ["schedule"], /service job runs continuously/],
  ["a schedule on a pipeline", { name: "p", type: "pipeline", command: "run", schedule: "@daily" }, ["schedule"], /pipeline job runs continuously/],
  ["an unknown time zone", { ...job, schedule: "@daily", timeZone: "Mars/Olympus" }, ["timeZone"], /time zone/],
  ["an offset for a time zone", { ...job, timeZone: "+02:00" }, ["timeZone"], /IANA/],
  ["an unknown overlap policy", { ...job, overlapPolicy: "queue" }, ["overlapPolicy"], /allow, forbid, replace/],
  ["a negative catchUp", { ...job, catchUp: -1 }, ["catchUp"], /at least 0/],
  // what runs
  ["both command and args", { ...job, command: "true", args: ["true"] }, ["args"], /not both/],
  ["args as text", { ...job, command: undefined, args: "echo hi" }, ["args"], /list/],
  ["an arg that is not a string", { ...job, command: undefined, args: ["echo", 1] }, ["args.1"], /string/],
  ["an image that is not a string", { ...job, image: ["alpine"] }, ["image"], /string/],
  ["nothing to run (a pipeline with config only)", { name: "p", type: "pipeline", config: { source: "s3://in" } }, ["command"], /required when there are no args and no image.*DROVER_CONFIG/],
  ["nothing to run (blank command, empty args)", { ...job, command: " ", args: [] }, ["command"], /required/],
  ["tags as text", { ...job, tags: "a,b" }, ["tags"], /list/],
  ["an empty tag", { ...job, tags: ["ok", ""] }, ["tags.1"], /empty/],
];

describe("normalizeSpec rules", () => {
  it.each(cases)("rejects %s", (_what, input, fields, message) => {
    const problems = problemsOf(() => normalizeSpec(input as JobSpecInput));
    expect(problems.map((p) => p.field)).toEqual(fields);
    expect(problems[0].message).toMatch(message);
  });

  it("gives the 0-based position of a selector error", () => {
    const [p] = problemsOf(() => normalizeSpec({ ...job, selector: { matchExpressions: ["tier in (a,b"] } } as JobSpecInput));
    expect(p).toEqual({ field: "selector.matchExpressions.0", message: expect.stringContaining('"tier in (a,b"'), position: 12 });
  });

  it("reports every problem at once, in field order", () => {
    const input = {
      name: "Bad Name",
      type: "service",
      meta: { "expanso.io/owner": "me" },
      priority: 1000,
      selector: { matchExpressions: ["region in (eu"] },
      deployment: { strategy: "canary", canaryCount: 2, canaryPercent: 5, healthCheck: { deadline: "10s", minHealthyTime: "1m" } },
      timeouts: { executionTimeout: -5 },
      schedule: "@hourly",
      command: "x",
      args: ["y"],
    };
    expect(fieldsOf(() => normalizeSpec(input as JobSpecInput))).toEqual([
      "name",
      "meta.expanso.io/owner",
      "priority",
      "selector.matchExpressions.0",
      "deployment.canaryPercent",
      "deployment.healthCheck.minHealthyTime",
      "timeouts.executionTimeout",
      "schedule",
      "args",
    ]);
  });

  it("puts the first problem's field and position on the error itself", () => {
    try {
      normalizeSpec({ ...job, selector: { matchExpressions: ["a=b", "!"] } } as JobSpecInput);
      expect.unreachable();
    } catch (err) {
      expect((err as { extensions: unknown }).extensions).toMatchObject({
        code: "VALIDATION_FAILED",
        field: "selector.matchExpressions.1",
        position: 1,
      });
    }
  });

  it("rejects input that is not an object", () => {
    expect(fieldsOf(() => normalizeSpec(null as unknown as JobSpecInput))).toContain("spec");
    expect(fieldsOf(() => normalizeSpec([] as unknown as JobSpecInput))).toContain("spec");
  });

  it.each<[string, Record<string, unknown>]>([
    ["canary fields on a canary", canary({ canaryPercent: 100, autoPromote: true, maxParallelPercent: 100 })],
    ["autoPromote false on rolling", rolling({ autoPromote: false })],
    ["maxFailedNodesPercent as a fraction", rolling({ maxFailedNodesPercent: 12.5, maxFailedNodes: 0 })],
    ["boundary values", { ...job, priority: 0, catchUp: 0, restartPolicy: { retryExitCodes: [0, 255], maxRetries: 0 } }],
    ["maxErrorRate at its bounds", rolling({}, { deadline: "1m", minHealthyTime: "1m", maxErrorRate: 1 })],
    ["a prefixed label key", { ...job, labels: { "example.com/team": "edge" }, meta: { "example.com/owner": "me" } }],
    ["an image alone (its entrypoint runs)", { name: "p", type: "pipeline", image: "alpine:3" }],
    ["args alone", { name: "p", type: "pipeline", args: ["/bin/run"] }],
    ["a schedule with a time zone", { ...job, schedule: "0 3 * * *", timeZone: "America/New_York" }],
    ["a time zone without a schedule", { ...job, timeZone: "Asia/Tokyo" }],
    ["an env name starting with an underscore", { ...job, env: { _PRIVATE: "1", __proto__X: "2" } }],
  ])("accepts %s", (_what, input) => {
    expect(() => normalizeSpec(input as JobSpecInput)).not.toThrow();
  });
});
