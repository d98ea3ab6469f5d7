import { Problems, setOwn } from "./read.ts";
import type { JobSpec, JobSpecInput } from "./types.ts";

const IDENTITY = ["name", "namespace"] as const;

/**
 * updateJob's merge: each top-level field given in `patch` replaces the
 * current one whole (a given `deployment` replaces the whole deployment), an
 * explicit `null` resets it to its default, and omitted (undefined) fields
 * stay. The result is input for `normalizeSpec`, which validates it all again.
 *
 * Name and namespace identify the job and cannot change here; giving the
 * current value is allowed. Note that the current spec is stored normalised,
 * so its type-dependent defaults (restartPolicy.policy) are explicit values:
 * changing `type` keeps them unless they are reset with null too.
 */
export function applyUpdate(current: JobSpec, patch: Partial<JobSpecInput>): JobSpecInput {
  const p = new Problems();
  for (const field of IDENTITY) {
    const given = patch[field];
    if (given !== undefined && given !== current[field]) {
      p.add(field, `cannot be changed by an update (it is "${current[field]}"); submit a job under the new ${field} instead`);
    }
  }
  p.throwIfAny();
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) setOwn(next, key, value);
  }
  return next as JobSpecInput;
}
