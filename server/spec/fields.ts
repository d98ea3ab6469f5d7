import type { SpecField } from "./types.ts";

/**
 * The spec's own structure: which fields exist at each level. The one list
 * of field names that normalizeSpec (to reject unknown fields) and
 * fromSnakeCaseSpec (to know which names to convert) both read.
 */

/** Leaf: copied as is. Data: a map whose keys are the user's. Otherwise: the nested field names. */
export type Shape = "leaf" | "data" | { [field: string]: Shape };

const HEALTH_CHECK = {
  deadline: "leaf",
  minHealthyTime: "leaf",
  maxErrorRate: "leaf",
  probe: { command: "leaf", interval: "leaf" },
} as const;

export const SPEC_SHAPE = {
  name: "leaf",
  namespace: "leaf",
  type: "leaf",
  description: "leaf",
  labels: "data",
  meta: "data",
  priority: "leaf",
  config: "data",
  selector: { matchLabels: "data", matchIds: "leaf", matchExpressions: "leaf" },
  deployment: {
    strategy: "leaf",
    maxParallel: "leaf",
    maxParallelPercent: "leaf",
    canaryCount: "leaf",
    canaryPercent: "leaf",
    autoPromote: "leaf",
    healthCheck: HEALTH_CHECK,
    maxFailedNodes: "leaf",
    maxFailedNodesPercent: "leaf",
    noAutoRollback: "leaf",
  },
  timeouts: { executionTimeout: "leaf", queueTimeout: "leaf", totalTimeout: "leaf" },
  restartPolicy: { policy: "leaf", maxRetries: "leaf", backoff: "leaf", maxBackoff: "leaf", retryExitCodes: "leaf" },
  schedule: "leaf",
  timeZone: "leaf",
  overlapPolicy: "leaf",
  catchUp: "leaf",
  image: "leaf",
  command: "leaf",
  args: "leaf",
  env: "data",
  workingDir: "leaf",
  tags: "leaf",
  parameters: { metaRequired: "leaf", metaOptional: "leaf", metaDefaults: "data", payloadMaxBytes: "leaf" },
  resources: { cpu: "leaf", memory: "leaf" },
} as const satisfies Record<SpecField, Shape>;

/** The field names of a nested spec object, e.g. `fieldNames(SPEC_SHAPE.deployment)`. */
export function fieldNames(shape: { [field: string]: Shape }): string[] {
  return Object.keys(shape);
}

