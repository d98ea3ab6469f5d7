import { Problems, isPlainObject, join, setOwn, type Raw } from "./read.ts";
import { SPEC_SHAPE, type Shape } from "./fields.ts";
import type { JobSpecInput } from "./types.ts";

/**
 * The seeds' JSON spec (snake_case, as in `seeds/jobs-list-response.txt`) to
 * `JobSpecInput`. Only the names of known spec fields are converted: keys
 * inside config, labels, meta, env and matchLabels are data and keep their
 * spelling ("log_level" in config stays "log_level"). Values are passed on
 * unchanged; `normalizeSpec` validates them.
 *
 * Both spellings of a field are accepted ("match_labels" and "matchLabels"),
 * since the seeds and our GraphQL API describe the same spec; giving both is
 * a problem. Unknown keys, at any level of the spec's own structure, are
 * problems naming them as given.
 */

/** "max_failed_nodes_percent" → "maxFailedNodesPercent"; camelCase passes through. */
export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Throws VALIDATION_FAILED naming every unknown or doubled field. */
export function fromSnakeCaseSpec(obj: unknown): JobSpecInput {
  const p = new Problems();
  if (!isPlainObject(obj)) {
    p.add("spec", "must be an object");
    p.throwIfAny();
  }
  const out = convert(obj as Raw, SPEC_SHAPE, "", p);
  p.throwIfAny();
  return out as JobSpecInput;
}

function convert(obj: Raw, shape: { [field: string]: Shape }, path: string, p: Problems): Raw {
  const out: Raw = {};
  const seenAs: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj)) {
    const field = snakeToCamel(key);
    if (!Object.hasOwn(shape, field)) {
      p.add(join(path, key), `is not a known spec field (known: ${Object.keys(shape).join(", ")}; snake_case or camelCase)`);
      continue;
    }
    if (Object.hasOwn(seenAs, field)) {
      p.add(join(path, field), `is given twice, as "${seenAs[field]}" and "${key}"`);
      continue;
    }
    seenAs[field] = key;
    const inner = shape[field];
    // Nested spec objects are converted; data maps and leaves keep their keys.
    const converted = typeof inner === "object" && isPlainObject(value) ? convert(value, inner, join(path, field), p) : value;
    setOwn(out, field, converted);
  }
  return out;
}
