import YAML from "yaml";
import { UsageError } from "./errors.ts";

/**
 * Job spec files (the seeds' snake_case, or our camelCase) to `SubmitJobInput`.
 * Only known spec field names are converted; keys inside data maps (config,
 * labels, meta, env, match_labels) keep their spelling. Enum values become the
 * GraphQL spelling ("on-failure" → ON_FAILURE). Unknown keys are passed on as
 * given, so the server names them. The client never imports server code.
 */

type Shape = { [field: string]: Shape | "leaf" | "data" | "enum" };

const SPEC: Shape = {
  name: "leaf",
  namespace: "leaf",
  type: "enum",
  description: "leaf",
  labels: "data",
  meta: "data",
  priority: "leaf",
  config: "data",
  selector: { matchLabels: "data", matchIds: "leaf", matchExpressions: "leaf" },
  deployment: {
    strategy: "enum",
    maxParallel: "leaf",
    maxParallelPercent: "leaf",
    canaryCount: "leaf",
    canaryPercent: "leaf",
    autoPromote: "leaf",
    healthCheck: { deadline: "leaf", minHealthyTime: "leaf", maxErrorRate: "leaf", probe: { command: "leaf", interval: "leaf" } },
    maxFailedNodes: "leaf",
    maxFailedNodesPercent: "leaf",
    noAutoRollback: "leaf",
  },
  timeouts: { executionTimeout: "leaf", queueTimeout: "leaf", totalTimeout: "leaf" },
  restartPolicy: { policy: "enum", maxRetries: "leaf", backoff: "leaf", maxBackoff: "leaf", retryExitCodes: "leaf" },
  schedule: "leaf",
  timeZone: "leaf",
  overlapPolicy: "enum",
  catchUp: "leaf",
  image: "leaf",
  command: "leaf",
  args: "leaf",
  env: "data",
  workingDir: "leaf",
  tags: "leaf",
};

export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** "on-failure" → "ON_FAILURE", "pipeline" → "PIPELINE"; other values unchanged. */
export function enumValue(value: unknown): unknown {
  return typeof value === "string" ? value.trim().toUpperCase().replace(/[-\s]/g, "_") : value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function convert(obj: Record<string, unknown>, shape: Shape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const camel = snakeToCamel(key);
    const kind = Object.hasOwn(shape, camel) ? shape[camel] : undefined;
    if (kind === undefined) {
      out[key] = value; // unknown: the server names it
    } else if (kind === "enum") {
      out[camel] = enumValue(value);
    } else if (typeof kind === "object" && isObject(value)) {
      out[camel] = convert(value, kind);
    } else {
      out[camel] = value;
    }
  }
  return out;
}

/** One spec object (snake_case or camelCase) → SubmitJobInput fields. */
export function toSubmitInput(spec: Record<string, unknown>): Record<string, unknown> {
  return convert(spec, SPEC);
}

/**
 * The specs in a parsed file: a single spec, an item `{id, spec, status}` of the
 * seed list (its `.spec`), or a list response `{items: [...]}` (every item).
 */
export function specsOf(doc: unknown, where = "file"): Record<string, unknown>[] {
  if (Array.isArray(doc)) return doc.flatMap((d, i) => specsOf(d, `${where}[${i}]`));
  if (!isObject(doc)) throw new UsageError(`${where}: expected a job spec (an object), got ${doc === null ? "nothing" : typeof doc}`);
  if (Array.isArray(doc.items)) return doc.items.flatMap((d, i) => specsOf(d, `${where}: items[${i}]`));
  if (isObject(doc.spec) && ("status" in doc || "id" in doc || Object.keys(doc).length === 1)) return [doc.spec];
  return [doc];
}

/** Reads YAML or JSON (YAML parses JSON too); several YAML documents are allowed. */
export function parseSpecFile(text: string, name: string): Record<string, unknown>[] {
  let docs: unknown[];
  try {
    const parsed = YAML.parseAllDocuments(text);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const bad = list.find((d) => d.errors.length);
    if (bad) throw bad.errors[0];
    docs = list.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
  } catch (err) {
    throw new UsageError(`${name}: not valid YAML or JSON: ${(err as Error).message.split("\n")[0]}`);
  }
  if (!docs.length) throw new UsageError(`${name}: no job spec in the file`);
  return docs.flatMap((d) => specsOf(d, name)).map(toSubmitInput);
}
