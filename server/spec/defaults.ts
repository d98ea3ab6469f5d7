/**
 * Every default and every numeric limit of the job spec, in one place so the
 * README (and `drover` help text) can quote them instead of restating them.
 * `normalizeSpec` reads nothing but these.
 *
 * Where the seeds give a default (deployment and health check), it is theirs;
 * the rest are Drover's choices, with the reason beside each.
 */
export const SPEC_DEFAULTS = {
  namespace: "default",
  description: "",
  // Middle of 0-100 (the seed's example uses 50), so a job can be made more or
  // less urgent than the default without changing the others.
  priority: 50,
  labels: {},
  meta: {},
  config: {},
  selector: { matchLabels: {}, matchIds: [], matchExpressions: [] },
  deployment: {
    strategy: "immediate",
    maxParallel: 0, // 0 = every target node in one wave
    autoPromote: false,
    maxFailedNodes: 10,
    maxFailedNodesPercent: 10.0,
    noAutoRollback: false,
    // A canary with neither canaryCount nor canaryPercent is one node.
    canaryCount: 1,
  },
  healthCheck: {
    // `deadline` has no default: rolling and canary must say how long to wait.
    minHealthyTime: "30s",
    maxErrorRate: 0.1,
  },
  // As Kubernetes' periodSeconds default.
  probe: { interval: "10s" },
  timeouts: { executionTimeout: 0, queueTimeout: 0, totalTimeout: 0 },
  restartPolicy: {
    policy: { longRunning: "always", runToCompletion: "on-failure" },
    maxRetries: 3,
    backoff: "1s", // doubled after each failure, up to maxBackoff
    maxBackoff: "1m",
    retryExitCodes: [], // empty = every failing exit code is retried
  },
  schedule: null,
  timeZone: "UTC",
  overlapPolicy: "forbid",
  // At most one missed fire runs after downtime (DESIGN.md "Cron").
  catchUp: 1,
  image: null,
  command: null,
  args: null,
  env: {},
  workingDir: null,
  tags: [],
  resources: null, // reserves nothing: placed by execution count alone
} as const;

/** Inclusive ranges checked by `normalizeSpec`. */
export const SPEC_LIMITS = {
  nameMaxLength: 63,
  priority: { min: 0, max: 100 },
  maxParallel: { min: 0 },
  maxParallelPercent: { min: 1, max: 100 },
  // 0 would be a canary of no nodes: use rolling instead.
  canaryCount: { min: 1 },
  canaryPercent: { min: 1, max: 100 },
  maxFailedNodes: { min: 0 },
  maxFailedNodesPercent: { min: 0, max: 100 },
  maxErrorRate: { min: 0, max: 1 },
  timeoutSeconds: { min: 0 },
  maxRetries: { min: 0 },
  exitCode: { min: 0, max: 255 },
  catchUp: { min: 0 },
} as const;

const KiB = 1024;

/**
 * How much a spec may hold, so that what is accepted can be stored on both
 * databases and run by an agent. Modelled on Kubernetes where it has a
 * limit (labels, selectors) and on Linux where the process does: one
 * argument or environment string may be at most MAX_ARG_STRLEN (128 KiB),
 * so command, args and env together stay under that (a larger command was
 * accepted and then failed with E2BIG at every start). Sizes are UTF-8 bytes.
 */
export const SPEC_SIZE_LIMITS = {
  labels: 64, // keys and values of 63 characters are checked by the label syntax
  meta: 256,
  metaValueBytes: 4 * KiB,
  tags: 64,
  tagLength: 128,
  descriptionBytes: 4 * KiB,
  processBytes: 128 * KiB, // command + args + env ("K=V" each), as execve receives them
  envValueBytes: 32 * KiB,
  configBytes: 256 * KiB, // as JSON
  configDepth: 32,
  selectorTerms: 64, // matchLabels entries + matchExpressions, or the terms of a list query's selector
  matchIds: 1000,
  imageLength: 1024,
  workingDirBytes: 4 * KiB, // PATH_MAX
  probeCommandBytes: 32 * KiB,
  /** Problems listed in one error; the rest are counted. */
  problemsListed: 100,
} as const;
