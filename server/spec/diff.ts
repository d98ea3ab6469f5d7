import { isPlainObject, join } from "./read.ts";
import type { JobSpec, SpecField } from "./types.ts";

/**
 * What changed between two normalised specs, and what that change asks of
 * the running job (DECISIONS.md "Semantics").
 */

/** One changed leaf: a dotted path and JSON values (null where absent). */
export interface SpecChange {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * - none: nothing changed (an identical resubmission writes nothing)
 * - in-place: a new version, applied without touching executions
 * - replace: the selector changed, so executions are re-placed
 * - rollout: what runs changed, so a rollout replaces executions per `deployment`
 */
export type ChangeKind = "none" | "in-place" | "replace" | "rollout";

/** Fields that change what runs; any of them starts an update rollout. */
export const ROLLOUT_FIELDS: readonly SpecField[] = [
  "type",
  "image",
  "command",
  "args",
  "env",
  "config",
  "workingDir",
  "restartPolicy",
  // A new reservation is a new placement: executions are replaced so what each node holds stays true.
  "resources",
];
/**
 * The health probe runs on the node beside each process, started with it: a
 * new probe reaches running executions only by replacing them, so it is part
 * of what runs too.
 */
export const PROBE_PATH = "deployment.healthCheck.probe";

/** Fields that change where it runs. */
export const REPLACE_FIELDS: readonly SpecField[] = ["selector"];

/**
 * JSON with object keys sorted at every depth, so equal values give equal
 * text (for storage and comparison). Like JSON.stringify, it drops undefined
 * and function members and writes them as null inside lists.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? "null";
}

function write(v: unknown): string | undefined {
  if (v === undefined || typeof v === "function" || typeof v === "symbol") return undefined;
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  const withToJson = v as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") return write(withToJson.toJSON());
  if (Array.isArray(v)) return `[${v.map((item) => write(item) ?? "null").join(",")}]`;
  const obj = v as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const text = write(obj[key]);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(",")}}`;
}

export function specsEqual(a: JobSpec, b: JobSpec): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Every changed leaf, paths sorted. Objects are compared key by key (so a
 * label change reads `labels.env`, a config change `config.input.file`);
 * lists and scalars are compared whole. With no `before` (a new job), every
 * top-level field is a change from null.
 */
export function diffSpecs(before: JobSpec | null, after: JobSpec): SpecChange[] {
  const changes: SpecChange[] = [];
  walk(before ?? {}, after, "", changes);
  return changes;
}

function walk(a: unknown, b: unknown, path: string, out: SpecChange[]): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) walk(a[key], b[key], join(path, key), out);
    return;
  }
  const before = canonicalJson(a ?? null);
  const after = canonicalJson(b ?? null);
  // Copies, so a change never aliases a spec the caller still holds.
  if (before !== after) out.push({ path, before: JSON.parse(before), after: JSON.parse(after) });
}

/** The strongest consequence among the changes: rollout > replace > in-place. */
export function classifyChange(changes: readonly SpecChange[]): ChangeKind {
  if (changes.length === 0) return "none";
  const fields = new Set(changes.map((c) => c.path.split(".")[0]));
  if (ROLLOUT_FIELDS.some((f) => fields.has(f))) return "rollout";
  if (changes.some((c) => c.path === PROBE_PATH || c.path.startsWith(`${PROBE_PATH}.`))) return "rollout";
  if (REPLACE_FIELDS.some((f) => fields.has(f))) return "replace";
  return "in-place";
}

/**
 * What runs, as one comparable string: the rollout fields of the spec. Two
 * versions with the same key run the same processes, so an execution of one
 * carries on unchanged under the other (a metadata edit restarts nothing).
 */
export function runKey(spec: JobSpec): string {
  const picked: Record<string, unknown> = {};
  for (const f of ROLLOUT_FIELDS) picked[f] = (spec as unknown as Record<string, unknown>)[f] ?? null;
  picked.probe = spec.deployment?.healthCheck?.probe ?? null;
  return canonicalJson(picked);
}

/**
 * The spec a rollback writes: what runs and where (the rollout and replace
 * fields) from the version rolled back to, everything else (description,
 * labels, meta, priority, tags, deployment, timeouts, ...) as it is now, so a
 * rollback undoes a bad change of what runs without undoing later edits.
 */
export function rollbackSpec(target: JobSpec, current: JobSpec): JobSpec {
  const merged: Record<string, unknown> = { ...(current as unknown as Record<string, unknown>) };
  for (const f of [...ROLLOUT_FIELDS, ...REPLACE_FIELDS]) merged[f] = (target as unknown as Record<string, unknown>)[f];
  // The probe that ran with the stable version comes back with it; the rest of the deployment stays.
  const deployment = { ...current.deployment };
  const probe = target.deployment?.healthCheck?.probe ?? null;
  if (deployment.healthCheck) deployment.healthCheck = { ...deployment.healthCheck, probe } as typeof deployment.healthCheck;
  else if (probe) deployment.healthCheck = target.deployment.healthCheck;
  merged.deployment = deployment;
  return merged as unknown as JobSpec;
}
