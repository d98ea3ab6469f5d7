/**
 * What a run of a batch or broadcast job may be given (Nomad's
 * `parameterized` block, Temporal's workflow arguments): meta keys a trigger
 * must pass, keys it may pass (with defaults for cron fires and triggers that
 * leave them out), and how large a payload may be. The process receives the
 * meta as DROVER_META_<KEY> and the payload as a file named by
 * DROVER_PAYLOAD_FILE.
 *
 * Two halves, both pure: `normalizeParameters` checks the declaration at
 * submit, `resolveRunValues` checks a trigger's values against it.
 */
import { join, readInt, readObject, readStringList, readStringMap, absent, setOwn, type Problems, type Raw } from "./read.ts";
import { textProblem } from "./text.ts";
import { metaEnvName } from "../../common/run-meta-env.ts";
import { validationError, type FieldProblem } from "../errors.ts";
import type { JobType, StringMap } from "./types.ts";
import { isRunToCompletion } from "./types.ts";

const KiB = 1024;

export const PARAMETER_LIMITS = {
  /** Declared keys (required and optional together). */
  keys: 64,
  keyLength: 64,
  /** One meta value: it becomes an environment string. */
  valueBytes: 4 * KiB,
  /** The payload travels in a database row and the agent's assignment; Nomad's own limit is 16 KiB. */
  payloadMaxBytes: 1024 * KiB,
} as const;

/** The declaration, normalised: keys sorted, defaults only for optional keys. */
export interface RunParameters {
  metaRequired: string[];
  metaOptional: string[];
  /** Values for optional keys a trigger leaves out (cron fires pass none). */
  metaDefaults: StringMap;
  /** 0: a run takes no payload. */
  payloadMaxBytes: number;
}

export interface RunParametersInput {
  metaRequired?: string[] | null;
  metaOptional?: string[] | null;
  metaDefaults?: StringMap | null;
  payloadMaxBytes?: number | null;
}

export const PARAMETER_FIELDS = ["metaRequired", "metaOptional", "metaDefaults", "payloadMaxBytes"] as const;

/** A meta key is also the tail of an environment variable name, so it is spelt like one. */
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function keyProblem(key: string): string | null {
  if (!KEY.test(key)) return `"${key}" is not a usable key: letters, digits and "_", not starting with a digit (it becomes DROVER_META_${key.toUpperCase()})`;
  if (key.length > PARAMETER_LIMITS.keyLength) return `must be at most ${PARAMETER_LIMITS.keyLength} characters`;
  return null;
}


const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/**
 * The `parameters` block of a spec, or null when the job takes none. Only
 * batch and broadcast jobs have runs to parameterise; a scheduled job cannot
 * require keys, because a cron fire has nobody to pass them.
 */
export function normalizeParameters(v: unknown, type: JobType | undefined, schedule: string | null, p: Problems): RunParameters | null {
  const path = "parameters";
  const raw: Raw | undefined = readObject(v, path, p, PARAMETER_FIELDS);
  if (!raw) return null;
  if (type && !isRunToCompletion(type)) {
    p.add(path, `only batch and broadcast jobs (ops, query, update, config) take run parameters; a ${type} job has no runs`);
  }
  const keys = (field: "metaRequired" | "metaOptional") => [...new Set(readStringList(raw[field], join(path, field), p, keyProblem) ?? [])].sort();
  const metaRequired = keys("metaRequired");
  const metaOptional = keys("metaOptional");
  const byEnvName = new Map<string, string>();
  for (const [field, list] of [["metaRequired", metaRequired], ["metaOptional", metaOptional]] as const) {
    for (const key of list) {
      const env = metaEnvName(key);
      const earlier = byEnvName.get(env);
      if (earlier === key) p.add(join(join(path, field), key), `"${key}" is both required and optional; give it once`);
      else if (earlier) p.add(join(join(path, field), key), `"${key}" and "${earlier}" would both be ${env}; keys must differ in more than case`);
      else byEnvName.set(env, key);
    }
  }
  if (byEnvName.size > PARAMETER_LIMITS.keys) p.add(path, `may declare at most ${PARAMETER_LIMITS.keys} meta keys (has ${byEnvName.size})`);
  const optional = new Set(metaOptional);
  const metaDefaults =
    readStringMap(
      raw.metaDefaults,
      join(path, "metaDefaults"),
      p,
      (k) => (optional.has(k) ? null : `"${k}" is not an optional key (metaOptional); only optional keys have defaults`),
      (value) => valueProblem(value),
    ) ?? {};
  if (schedule !== null && metaRequired.length > 0) {
    p.add(
      join(path, "metaRequired"),
      `a scheduled job's cron fires pass no values, so it cannot require ${metaRequired.join(", ")}; make them optional with metaDefaults`,
    );
  }
  const payloadMaxBytes = absent(raw.payloadMaxBytes)
    ? 0
    : (readInt(raw.payloadMaxBytes, join(path, "payloadMaxBytes"), p, { min: 0, max: PARAMETER_LIMITS.payloadMaxBytes }) ?? 0);
  return { metaRequired, metaOptional, metaDefaults, payloadMaxBytes };
}

function valueProblem(value: string): string | null {
  if (bytes(value) > PARAMETER_LIMITS.valueBytes) return `must be at most ${PARAMETER_LIMITS.valueBytes} bytes (has ${bytes(value)})`;
  return textProblem(value);
}

export interface RunValues {
  meta?: StringMap | null;
  payload?: string | null;
}

/** What a run records and its processes receive: meta with defaults applied, and the payload. */
export interface ResolvedRunValues {
  meta: StringMap;
  payload: string | null;
}

/**
 * A trigger's values checked against the job's declaration (null: the job
 * declares none, so a run takes no values at all). Every problem is reported
 * at once under `meta.<key>` or `payload`; the caller writes nothing when
 * this throws.
 */
export function resolveRunValues(decl: RunParameters | null, given: RunValues): ResolvedRunValues {
  const problems = runValueProblems(decl, given);
  if (problems.length) throw validationError(problems);
  const meta: StringMap = {};
  for (const [k, v] of Object.entries(decl?.metaDefaults ?? {})) setOwn(meta, k, v);
  for (const [k, v] of Object.entries(given.meta ?? {})) setOwn(meta, k, v);
  return { meta: sortKeys(meta), payload: given.payload ?? null };
}

/** The problems alone: empty when `given` fits `decl`. */
export function runValueProblems(decl: RunParameters | null, given: RunValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const required = new Set(decl?.metaRequired ?? []);
  const known = new Set([...required, ...(decl?.metaOptional ?? [])]);
  const meta = given.meta ?? {};
  for (const key of Object.keys(meta).sort()) {
    if (!known.has(key)) {
      add(join("meta", key), known.size ? `"${key}" is not a parameter of this job (it takes ${[...known].sort().join(", ")})` : `"${key}" is not a parameter: this job declares no meta parameters`);
      continue;
    }
    const problem = valueProblem(meta[key]);
    if (problem) add(join("meta", key), problem);
  }
  for (const key of [...required].sort()) {
    if (!Object.hasOwn(meta, key)) add(join("meta", key), "is required by this job's parameters");
  }
  if (given.payload != null) {
    const max = decl?.payloadMaxBytes ?? 0;
    const size = bytes(given.payload);
    if (max === 0) add("payload", "this job takes no payload (parameters.payloadMaxBytes is 0 or unset)");
    else if (size > max) add("payload", `is ${size} bytes; this job takes at most ${max} (parameters.payloadMaxBytes)`);
    else {
      const problem = textProblem(given.payload);
      if (problem) add("payload", problem);
    }
  }
  return problems;
}

function sortKeys(m: StringMap): StringMap {
  const out: StringMap = {};
  for (const k of Object.keys(m).sort()) setOwn(out, k, m[k]);
  return out;
}
