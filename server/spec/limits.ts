import { SPEC_SIZE_LIMITS as L } from "./defaults.ts";
import { isPlainObject, join, type Problems } from "./read.ts";
import { textProblem } from "./text.ts";
import type { JobSpec } from "./types.ts";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

function kib(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/**
 * Checks a normalised spec against SPEC_SIZE_LIMITS, and every string in it
 * (config is checked as it is read) for text the databases cannot store.
 * Records each problem under its field; writes nothing, throws nothing.
 */
export function checkSpecLimits(spec: JobSpec, p: Problems): void {
  const count = (field: string, n: number, max: number, what: string) => {
    if (n > max) p.add(field, `may hold at most ${max} ${what} (has ${n})`);
  };
  count("labels", Object.keys(spec.labels).length, L.labels, "labels");
  count("meta", Object.keys(spec.meta).length, L.meta, "keys");
  for (const [k, v] of Object.entries(spec.meta)) {
    if (bytes(v) > L.metaValueBytes) p.add(join("meta", k), `must be at most ${kib(L.metaValueBytes)} (has ${kib(bytes(v))})`);
  }
  count("tags", spec.tags.length, L.tags, "tags");
  spec.tags.forEach((t, i) => {
    if (t.length > L.tagLength) p.add(join("tags", i), `must be at most ${L.tagLength} characters (has ${t.length})`);
  });
  if (bytes(spec.description) > L.descriptionBytes) p.add("description", `must be at most ${kib(L.descriptionBytes)} (has ${kib(bytes(spec.description))})`);

  const terms = Object.keys(spec.selector.matchLabels).length + spec.selector.matchExpressions.length;
  if (terms > L.selectorTerms) p.add("selector", `may hold at most ${L.selectorTerms} terms in matchLabels and matchExpressions together (has ${terms})`);
  count("selector.matchIds", spec.selector.matchIds.length, L.matchIds, "node ids");

  checkProcess(spec, p);
  const config = bytes(JSON.stringify(spec.config));
  if (config > L.configBytes) p.add("config", `must be at most ${kib(L.configBytes)} as JSON (has ${kib(config)})`);
  if (spec.image && spec.image.length > L.imageLength) p.add("image", `must be at most ${L.imageLength} characters`);
  if (spec.workingDir && bytes(spec.workingDir) > L.workingDirBytes) p.add("workingDir", `must be at most ${kib(L.workingDirBytes)}`);
  const probe = spec.deployment.healthCheck?.probe?.command;
  if (probe && bytes(probe) > L.probeCommandBytes) {
    p.add("deployment.healthCheck.probe.command", `must be at most ${kib(L.probeCommandBytes)} (has ${kib(bytes(probe))})`);
  }

  const { config: _checkedWhenRead, ...rest } = spec;
  checkText(rest, "", p);
}

/** What execve receives: command (or args) and env together under MAX_ARG_STRLEN, each env value under its own limit. */
function checkProcess(spec: JobSpec, p: Problems): void {
  let env = 0;
  for (const [k, v] of Object.entries(spec.env)) {
    const size = bytes(v);
    if (size > L.envValueBytes) p.add(join("env", k), `must be at most ${kib(L.envValueBytes)} (has ${kib(size)})`);
    env += bytes(k) + 1 + size;
  }
  const argv = spec.command !== null ? bytes(spec.command) : (spec.args ?? []).reduce((n, a) => n + bytes(a), 0);
  if (argv + env > L.processBytes) {
    const field = spec.command !== null ? "command" : spec.args !== null ? "args" : "env";
    p.add(
      field,
      `command, args and env together must be at most ${kib(L.processBytes)}, what one process may be given (has ${kib(argv)} of ${
        spec.command !== null ? "command" : "args"
      } and ${kib(env)} of env); pass large data in config (DROVER_CONFIG) or a file`,
    );
  }
}

function checkText(v: unknown, path: string, p: Problems): void {
  if (typeof v === "string") {
    const problem = textProblem(v);
    if (problem) p.add(path, problem);
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => checkText(item, join(path, i), p));
  } else if (isPlainObject(v)) {
    for (const [k, item] of Object.entries(v)) {
      const problem = textProblem(k);
      if (problem) p.add(path || k, `key ${JSON.stringify(k)} ${problem}`);
      else checkText(item, join(path, k), p);
    }
  }
}
