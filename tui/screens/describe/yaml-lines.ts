import YAML from "yaml";

/** Drops GraphQL's __typename and empty optional fields, so the YAML reads like the spec an operator wrote. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "__typename" || v === null || v === undefined) continue;
      out[k] = clean(v);
    }
    return out;
  }
  return value;
}

/** A job's spec and status as YAML lines, spec first (what `drover job apply -f` takes), then status. */
export function describeLines(job: { spec: unknown; status: unknown }): string[] {
  return YAML.stringify({ spec: clean(job.spec), status: clean(job.status) }, { lineWidth: 0 }).trimEnd().split("\n");
}
