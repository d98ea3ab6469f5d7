import { validationError, type FieldProblem } from "../errors.ts";
import { formatDuration, tryParseDuration } from "../../common/duration.ts";
import { SPEC_SIZE_LIMITS } from "./defaults.ts";
import { textProblem } from "./text.ts";

/**
 * Typed reads of untrusted input for `normalizeSpec`. Input may come from
 * GraphQL (already typed) or from a JSON/YAML file (anything), so every read
 * checks the runtime type. A read that fails records a problem under its
 * dotted path and returns undefined, so the caller goes on with the default
 * and the user gets every problem in one answer.
 */
export class Problems {
  readonly list: FieldProblem[] = [];
  /** Problems past the listed ones (10,000 bad labels make one answer of a readable size). */
  private unlisted = 0;
  add(field: string, message: string, position?: number): void {
    if (this.list.length >= SPEC_SIZE_LIMITS.problemsListed) {
      this.unlisted++;
      return;
    }
    this.list.push(position === undefined ? { field, message } : { field, message, position });
  }
  get any(): boolean {
    return this.list.length > 0;
  }
  throwIfAny(): void {
    if (!this.any) return;
    const list = this.unlisted ? [...this.list, { field: this.list[0].field, message: `and ${this.unlisted} more problems, not listed` }] : this.list;
    throw validationError(list);
  }
}

export type Raw = Record<string, unknown>;

export const absent = (v: unknown): v is null | undefined => v === null || v === undefined;

const typeName = (v: unknown) =>
  Array.isArray(v) ? "a list" : v === null || v === undefined ? String(v) : typeof v === "object" ? "an object" : `a ${typeof v}`;

export function isPlainObject(v: unknown): v is Raw {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** An object whose keys are all in `known`; unknown keys are reported (typos must not pass silently). */
export function readObject(v: unknown, path: string, p: Problems, known: readonly string[]): Raw | undefined {
  if (absent(v)) return undefined;
  if (!isPlainObject(v)) {
    p.add(path, `must be an object, not ${typeName(v)}`);
    return undefined;
  }
  for (const key of Object.keys(v)) {
    if (!known.includes(key)) p.add(join(path, key), `is not a known field (known: ${known.join(", ")})`);
  }
  return v;
}

export function join(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

export function readString(v: unknown, path: string, p: Problems): string | undefined {
  if (absent(v)) return undefined;
  if (typeof v !== "string") {
    p.add(path, `must be a string, not ${typeName(v)}`);
    return undefined;
  }
  return v;
}

/** Optional text where "" (or blanks) means unset: Go-produced JSON writes "" for every unset string. */
export function readOptionalText(v: unknown, path: string, p: Problems): string | undefined {
  const s = readString(v, path, p);
  return s === undefined || s.trim() === "" ? undefined : s;
}

export function readBoolean(v: unknown, path: string, p: Problems): boolean | undefined {
  if (absent(v)) return undefined;
  if (typeof v !== "boolean") {
    p.add(path, `must be true or false, not ${typeName(v)}`);
    return undefined;
  }
  return v;
}

interface Range {
  min?: number;
  max?: number;
}

function inRange(n: number, path: string, p: Problems, r: Range): boolean {
  if (r.min !== undefined && n < r.min) {
    p.add(path, r.max !== undefined ? `must be between ${r.min} and ${r.max}, not ${n}` : `must be at least ${r.min}, not ${n}`);
    return false;
  }
  if (r.max !== undefined && n > r.max) {
    p.add(path, r.min !== undefined ? `must be between ${r.min} and ${r.max}, not ${n}` : `must be at most ${r.max}, not ${n}`);
    return false;
  }
  return true;
}

export function readInt(v: unknown, path: string, p: Problems, range: Range = {}): number | undefined {
  if (absent(v)) return undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    p.add(path, `must be a whole number, not ${typeof v === "number" ? v : typeName(v)}`);
    return undefined;
  }
  return inRange(v, path, p, range) ? v : undefined;
}

export function readNumber(v: unknown, path: string, p: Problems, range: Range = {}): number | undefined {
  if (absent(v)) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    p.add(path, `must be a number, not ${typeof v === "number" ? v : typeName(v)}`);
    return undefined;
  }
  return inRange(v, path, p, range) ? v : undefined;
}

export function readEnum<T extends string>(v: unknown, path: string, p: Problems, values: readonly T[]): T | undefined {
  if (absent(v)) return undefined;
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
    p.add(path, `must be one of ${values.join(", ")}, not ${typeof v === "string" ? `"${v}"` : typeName(v)}`);
    return undefined;
  }
  return v as T;
}

/** A duration in canonical form with its length, or undefined (problem recorded). */
export function readDuration(
  v: unknown,
  path: string,
  p: Problems,
  opts: { positive?: boolean } = {},
): { text: string; ms: number } | undefined {
  if (absent(v)) return undefined;
  const r = tryParseDuration(v);
  if (!r.ok) {
    p.add(path, r.message);
    return undefined;
  }
  if (opts.positive && r.ms === 0) {
    p.add(path, "must be longer than 0s");
    return undefined;
  }
  return { text: formatDuration(r.ms), ms: r.ms };
}

export function readList(v: unknown, path: string, p: Problems): unknown[] | undefined {
  if (absent(v)) return undefined;
  if (!Array.isArray(v)) {
    p.add(path, `must be a list, not ${typeName(v)}`);
    return undefined;
  }
  return v;
}

export function readStringList(v: unknown, path: string, p: Problems, check?: (s: string) => string | null): string[] | undefined {
  const list = readList(v, path, p);
  if (!list) return undefined;
  const out: string[] = [];
  list.forEach((item, i) => {
    const s = readString(item, join(path, i), p);
    if (s === undefined) {
      if (absent(item)) p.add(join(path, i), "must be a string, not null");
      return;
    }
    const problem = check?.(s);
    if (problem) p.add(join(path, i), problem);
    else out.push(s);
  });
  return out;
}

/**
 * A string → string map with keys sorted (so equal maps serialise equally).
 * `checkKey`/`checkValue` return a message or null; problems are reported
 * under `<path>.<key>`.
 */
export function readStringMap(
  v: unknown,
  path: string,
  p: Problems,
  checkKey: (k: string) => string | null,
  checkValue: (v: string) => string | null = () => null,
): Record<string, string> | undefined {
  if (absent(v)) return undefined;
  if (!isPlainObject(v)) {
    p.add(path, `must be an object of strings, not ${typeName(v)}`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const key of Object.keys(v).sort()) {
    const field = join(path, key);
    const value = v[key];
    if (typeof value !== "string") {
      p.add(field, `must be a string, not ${typeName(value)}`);
      continue;
    }
    const problem = checkKey(key) ?? checkValue(value);
    if (problem) p.add(field, problem);
    else setOwn(out, key, value);
  }
  return out;
}

/** `obj[key] = value`, also for a key such as "__proto__", which plain assignment would swallow. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A deep copy of JSON data with object keys sorted; values JSON cannot carry
 * (undefined, functions, NaN, Infinity, dates, class instances), text no
 * database stores (textProblem), and nesting deeper than `maxDepth` objects
 * and lists are reported. The depth is checked before descending, so
 * 20,000 levels cost 32 steps, not a stack overflow.
 */
export function readJson(v: unknown, path: string, p: Problems, maxDepth = Number.POSITIVE_INFINITY): unknown {
  let tooDeep = false;
  const walk = (v: unknown, at: string, depth: number): unknown => {
    if (v === null || typeof v === "boolean") return v;
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) p.add(at, problem);
      return v;
    }
    if (typeof v === "number") {
      if (Number.isFinite(v)) return v;
      p.add(at, `must be JSON: ${v} is not a JSON number`);
      return null;
    }
    if (Array.isArray(v) || isPlainObject(v)) {
      if (depth >= maxDepth) {
        if (!tooDeep) p.add(path, `must nest at most ${maxDepth} levels of objects and lists (deeper at ${at})`);
        tooDeep = true;
        return null;
      }
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, join(at, i), depth + 1));
    if (isPlainObject(v)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const problem = textProblem(key);
        if (problem) p.add(at, `key ${JSON.stringify(key)} ${problem}`);
        // As JSON.stringify does: an undefined member is simply not there.
        else if (v[key] !== undefined) setOwn(out, key, walk(v[key], join(at, key), depth + 1));
      }
      return out;
    }
    p.add(at, `must be JSON, not ${typeName(v)}`);
    return null;
  };
  return walk(v, path, 0);
}
