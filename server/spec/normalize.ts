import { SPEC_DEFAULTS, SPEC_LIMITS, SPEC_SIZE_LIMITS } from "./defaults.ts";
import { checkSpecLimits } from "./limits.ts";
import { fieldNames, SPEC_SHAPE } from "./fields.ts";
import { normalizeParameters } from "./parameters.ts";
import { normalizeDeployment } from "./normalize-deployment.ts";
import { normalizeCron, normalizeProcess, normalizeRestartPolicy, normalizeTimeouts } from "./normalize-run.ts";
import {
  absent,
  isPlainObject,
  join,
  Problems,
  readEnum,
  readInt,
  readJson,
  readList,
  readObject,
  readString,
  readStringList,
  readStringMap,
  type Raw,
} from "./read.ts";
import { normalizeResources } from "./resources.ts";
import { formatExpression, tryParseExpression } from "./selector-syntax.ts";
import { dnsLabelProblem, labelKeyProblem, labelValueProblem, namespaceProblem, RESERVED_META_PREFIX } from "./syntax.ts";
import { JOB_TYPES, SPEC_FIELDS, type JobSpec, type JobSpecInput, type JobType, type Selector } from "./types.ts";

/**
 * Validates a spec and returns it normalised: every default applied (see
 * `SPEC_DEFAULTS`), durations, schedules and selector expressions in canonical
 * form, sets sorted, every field present. Throws one VALIDATION_FAILED
 * carrying every problem found, each under its dotted camelCase input path.
 *
 * Idempotent: normalizeSpec(normalizeSpec(x)) equals normalizeSpec(x), so a
 * stored spec can be fed back in (updateJob does exactly that).
 */
export function normalizeSpec(input: JobSpecInput): JobSpec {
  const p = new Problems();
  const s: Raw = isPlainObject(input) ? (readObject(input, "", p, SPEC_FIELDS) ?? {}) : {};
  if (!isPlainObject(input)) p.add("spec", "must be an object");

  const type = readType(s.type, p);
  const spec: JobSpec = {
    name: readName(s.name, "name", p, true, dnsLabelProblem) ?? "",
    namespace: readName(s.namespace, "namespace", p, false, namespaceProblem) ?? SPEC_DEFAULTS.namespace,
    type: type ?? "batch",
    description: readString(s.description, "description", p) ?? SPEC_DEFAULTS.description,
    labels: readStringMap(s.labels, "labels", p, labelKeyProblem, labelValueProblem) ?? {},
    meta: readStringMap(s.meta, "meta", p, metaKeyProblem) ?? {},
    priority: readInt(s.priority, "priority", p, SPEC_LIMITS.priority) ?? SPEC_DEFAULTS.priority,
    config: readConfig(s.config, p),
    selector: normalizeSelector(s.selector, p),
    deployment: normalizeDeployment(s.deployment, type, p),
    timeouts: normalizeTimeouts(s.timeouts, p),
    restartPolicy: normalizeRestartPolicy(s.restartPolicy, type, p),
    ...normalizeCron(s, type, p),
    ...normalizeProcess(s, p),
    tags: readTags(s.tags, p),
    parameters: null,
    resources: normalizeResources(s.resources, p),
  };
  spec.parameters = normalizeParameters(s.parameters, type, spec.schedule, p);
  checkSpecLimits(spec, p);
  p.throwIfAny();
  return spec;
}

/** The name is required; a namespace left out (or "", as Go-produced JSON writes it) is the default. */
function readName(v: unknown, field: string, p: Problems, required: boolean, problemOf: (name: string) => string | null): string | undefined {
  if (absent(v) || (!required && v === "")) {
    if (required) p.add(field, "is required");
    return undefined;
  }
  const name = readString(v, field, p);
  if (name === undefined) return undefined;
  const problem = problemOf(name);
  if (problem) p.add(field, problem);
  return name;
}

function readType(v: unknown, p: Problems): JobType | undefined {
  if (absent(v)) {
    p.add("type", `is required (one of ${JOB_TYPES.join(", ")})`);
    return undefined;
  }
  return readEnum(v, "type", p, JOB_TYPES);
}

function metaKeyProblem(key: string): string | null {
  if (key.startsWith(RESERVED_META_PREFIX)) {
    return `is reserved: keys under "${RESERVED_META_PREFIX}" are set by the system, not by a spec`;
  }
  return labelKeyProblem(key);
}

function readConfig(v: unknown, p: Problems): Record<string, unknown> {
  if (absent(v)) return {};
  if (!isPlainObject(v)) {
    p.add("config", "must be a JSON object");
    return {};
  }
  return readJson(v, "config", p, SPEC_SIZE_LIMITS.configDepth) as Record<string, unknown>;
}

/** Node ids are what agents register, and always start with "node-" (DECISIONS.md). */
function nodeIdProblem(id: string): string | null {
  return id.startsWith("node-") && id.length > "node-".length ? null : `is not a node id (they start with "node-"): "${id}"`;
}

function normalizeSelector(v: unknown, p: Problems): Selector {
  const sel = readObject(v, "selector", p, fieldNames(SPEC_SHAPE.selector)) ?? {};
  const matchExpressions: string[] = [];
  (readList(sel.matchExpressions, "selector.matchExpressions", p) ?? []).forEach((item, i) => {
    const field = join("selector.matchExpressions", i);
    if (typeof item !== "string") {
      p.add(field, "must be a string");
      return;
    }
    const r = tryParseExpression(item);
    if (r.ok) matchExpressions.push(formatExpression(r.expression));
    else p.add(field, r.problem.message, r.problem.position);
  });
  const ids = readStringList(sel.matchIds, "selector.matchIds", p, nodeIdProblem) ?? [];
  return {
    matchLabels: readStringMap(sel.matchLabels, "selector.matchLabels", p, labelKeyProblem, labelValueProblem) ?? {},
    matchIds: [...new Set(ids)].sort(),
    matchExpressions,
  };
}

function readTags(v: unknown, p: Problems): string[] {
  const tags = readStringList(v, "tags", p, (t) => (t.trim() === "" ? "must not be empty" : null)) ?? [];
  // A tag set: duplicates say nothing more; the order given is kept.
  return [...new Set(tags)];
}
