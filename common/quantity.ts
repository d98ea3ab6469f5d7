/**
 * Resource quantities as Kubernetes writes them, for spec files and flags:
 * - cpu in cores: "1.5", "2", or millicores "500m" (= 0.5);
 * - memory in bytes: a whole number, or with a binary suffix Ki, Mi, Gi, Ti
 *   (powers of 1024) or a decimal one k, M, G, T (powers of 1000): "512Mi", "2Gi".
 * The API itself takes plain numbers (cores, bytes); these turn text into them.
 */

export type QuantityResult = { ok: true; value: number } | { ok: false; message: string };

const MEMORY_UNITS: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

const NUMBER = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/;

/** Cores: a number, or "<n>m" millicores. */
export function parseCpu(text: string | number): QuantityResult {
  if (typeof text === "number") return { ok: true, value: text };
  const m = NUMBER.exec(text.trim());
  if (!m || (m[2] !== "" && m[2] !== "m")) return { ok: false, message: `must be cores ("1.5") or millicores ("500m"), not "${text}"` };
  return { ok: true, value: m[2] === "m" ? Number(m[1]) / 1000 : Number(m[1]) };
}

/** Bytes: a number, or one with a unit (Ki, Mi, Gi, Ti; k, M, G, T). The result is whole bytes or an error. */
export function parseMemory(text: string | number): QuantityResult {
  if (typeof text === "number") return { ok: true, value: text };
  const m = NUMBER.exec(text.trim());
  const unit = m ? MEMORY_UNITS[m[2]] : undefined;
  if (!m || unit === undefined) {
    return { ok: false, message: `must be bytes, or a number with a unit Ki, Mi, Gi, Ti (1024s) or k, M, G, T (1000s), such as "512Mi", not "${text}"` };
  }
  const value = Number(m[1]) * unit;
  if (!Number.isInteger(value)) return { ok: false, message: `must be whole bytes, not "${text}"` };
  return { ok: true, value };
}

/** Bytes for people: "512 MiB", "1.5 GiB", "800 B". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 ? String(Math.round(v)) : String(Number(v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)));
  return `${text} ${units[i]}`;
}

/** Cores for people: "1.5 cores", "1 core", "0.25 cores". */
export function formatCores(cores: number): string {
  const text = String(Number(cores.toFixed(3)));
  return `${text} ${text === "1" ? "core" : "cores"}`;
}
