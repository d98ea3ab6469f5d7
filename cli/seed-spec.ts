import YAML from "yaml";
import { UsageError } from "./errors.ts";
import { tryParseDuration } from "../common/duration.ts";
import { parseCpu, parseMemory } from "../common/quantity.ts";

/**
 * Job spec files (the seeds' snake_case, or our camelCase) to `SubmitJobInput`.
 * Only known spec field names are converted; keys inside data maps (config,
 * labels, meta, env, match_labels) keep their spelling. Enum values become the
 * GraphQL spelling ("on-failure" → ON_FAILURE). Timeouts, integer seconds in
 * the API, may be written as durations ("5m" → 300).
 *
 * Every field is checked against its type here, so that a file with several
 * mistakes gets them all listed with their fields at once (GraphQL's own input
 * coercion stops at the first); what the types cannot say is the server's to check.
 * The duration grammar is the server's own (a pure function), so both agree.
 */

type Leaf = "string" | "int" | "float" | "bool" | "strings" | "ints" | "map" | "json" | "seconds" | "cpu" | "bytes" | readonly string[];
type Shape = { [field: string]: Shape | Leaf };

const JOB_TYPES = ["SERVICE", "PIPELINE", "BATCH", "OPS", "QUERY", "UPDATE", "CONFIG"] as const;

const SPEC: Shape = {
  name: "string",
  namespace: "string",
  type: JOB_TYPES,
  description: "string",
  labels: "map",
  meta: "map",
  priority: "int",
  config: "json",
  selector: { matchLabels: "map", matchIds: "strings", matchExpressions: "strings" },
  deployment: {
    strategy: ["IMMEDIATE", "ROLLING", "CANARY"],
    maxParallel: "int",
    maxParallelPercent: "int",
    canaryCount: "int",
    canaryPercent: "int",
    autoPromote: "bool",
    healthCheck: { deadline: "string", minHealthyTime: "string", maxErrorRate: "float", probe: { command: "string", interval: "string" } },
    maxFailedNodes: "int",
    maxFailedNodesPercent: "float",
    noAutoRollback: "bool",
  },
  timeouts: { executionTimeout: "seconds", queueTimeout: "seconds", totalTimeout: "seconds" },
  restartPolicy: { policy: ["ALWAYS", "ON_FAILURE", "NEVER"], maxRetries: "int", backoff: "string", maxBackoff: "string", retryExitCodes: "ints" },
  schedule: "string",
  timeZone: "string",
  overlapPolicy: ["ALLOW", "FORBID", "REPLACE"],
  catchUp: "int",
  image: "string",
  command: "string",
  args: "strings",
  env: "map",
  workingDir: "string",
  tags: "strings",
  // Cores ("1.5", "500m") and bytes ("512Mi", "2Gi"), as Kubernetes writes them; the API takes the numbers.
  resources: { cpu: "cpu", memory: "bytes" },
};

export interface Problem {
  field: string;
  message: string;
}

/** A spec file's fields that are unknown or of the wrong type, every one of them. */
export class InvalidSpec extends Error {
  override readonly name = "InvalidSpec";
  readonly code = "VALIDATION_FAILED";
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join("; "));
  }
  get field(): string | null {
    return this.problems.length === 1 ? this.problems[0].field : null;
  }
}

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

/** Levenshtein distance, for "did you mean" on a misspelt field. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function unknownField(key: string, shape: Shape): string {
  const camel = snakeToCamel(key).toLowerCase();
  const near = Object.keys(shape)
    .map((k) => ({ k, d: distance(camel, k.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(1, Math.floor(x.k.length / 4)))
    .sort((a, b) => a.d - b.d)[0];
  return near ? `unknown field (did you mean ${near.k}?)` : "unknown field";
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (isObject(v)) return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Checks and converts one value of a leaf type; pushes a problem and returns undefined when wrong. */
function leaf(value: unknown, type: Leaf, field: string, problems: Problem[]): unknown {
  const bad = (message: string) => void problems.push({ field, message });
  if (value === null) return null; // null resets a field to its default
  if (Array.isArray(type)) {
    const v = enumValue(value);
    if (typeof v === "string" && type.includes(v)) return v;
    return bad(`must be one of ${type.map((t) => t.toLowerCase().replace(/_/g, "-")).join(", ")}, not ${describe(value)}`);
  }
  switch (type) {
    case "string":
      if (typeof value === "string") return value;
      return bad(`must be a string, not ${describe(value)}`);
    case "int":
      if (Number.isInteger(value)) return value;
      return bad(`must be an integer, not ${describe(value)}`);
    case "float":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      return bad(`must be a number, not ${describe(value)}`);
    case "bool":
      if (typeof value === "boolean") return value;
      return bad(`must be true or false, not ${describe(value)}`);
    case "strings":
    case "ints": {
      const ok = type === "strings" ? (x: unknown) => typeof x === "string" : Number.isInteger;
      if (Array.isArray(value) && value.every(ok)) return value;
      return bad(`must be a list of ${type === "strings" ? "strings" : "integers"}, not ${describe(value)}`);
    }
    case "map": {
      // Data maps hold strings; YAML's `port: 8080` or `debug: true` are meant as text.
      if (!isObject(value)) return bad(`must be a mapping of strings, not ${describe(value)}`);
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) {
        if (typeof v === "string") out[k] = v;
        else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
        else problems.push({ field: `${field}.${k}`, message: `must be a string, not ${describe(v)}` });
      }
      return out;
    }
    case "json":
      return value;
    case "cpu":
    case "bytes": {
      if (typeof value !== "number" && typeof value !== "string") return bad(`must be a number or a quantity such as ${type === "cpu" ? '"500m"' : '"512Mi"'}, not ${describe(value)}`);
      const q = type === "cpu" ? parseCpu(value) : parseMemory(value);
      return q.ok ? q.value : bad(q.message);
    }
    case "seconds": {
      // The API counts timeouts in whole seconds; a duration string is converted here.
      if (Number.isInteger(value)) return value;
      if (typeof value !== "string") return bad(`must be seconds or a duration such as "5m", not ${describe(value)}`);
      const d = tryParseDuration(value);
      if (!d.ok) return bad(d.message);
      if (d.ms % 1000 !== 0) return bad(`must be whole seconds, not "${value}"`);
      return d.ms / 1000;
    }
  }
}

function convert(obj: Record<string, unknown>, shape: Shape, prefix: string, problems: Problem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const camel = snakeToCamel(key);
    const field = `${prefix}${camel}`;
    const kind = Object.hasOwn(shape, camel) ? shape[camel] : undefined;
    if (kind === undefined) {
      problems.push({ field: `${prefix}${key}`, message: unknownField(key, shape) });
    } else if (typeof kind === "object" && !Array.isArray(kind)) {
      if (value === null) out[camel] = null;
      else if (isObject(value)) out[camel] = convert(value, kind as Shape, `${field}.`, problems);
      else problems.push({ field, message: `must be a mapping, not ${describe(value)}` });
    } else {
      const v = leaf(value, kind as Leaf, field, problems);
      if (v !== undefined) out[camel] = v;
    }
  }
  return out;
}

/** One spec object (snake_case or camelCase) → SubmitJobInput fields; InvalidSpec lists every wrong field. */
export function toSubmitInput(spec: Record<string, unknown>): Record<string, unknown> {
  const problems: Problem[] = [];
  const input = convert(spec, SPEC, "", problems);
  if (problems.length) throw new InvalidSpec(problems);
  return input;
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

/** Every spec of a file, converted to SubmitJobInput (InvalidSpec at the first wrong one). */
export function parseSpecFile(text: string, name: string): Record<string, unknown>[] {
  return readSpecs(text, name).map(toSubmitInput);
}

/** The specs of a YAML or JSON file as written (YAML parses JSON too); several YAML documents are allowed. */
export function readSpecs(text: string, name: string): Record<string, unknown>[] {
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
  return docs.flatMap((d) => specsOf(d, name));
}
