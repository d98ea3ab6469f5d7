import { formatBytes } from "../common/units.ts";
/** Small, pure formatting helpers shared by the screens. */

/** "4s", "2m10s", "1h05m", "3d": the age of something, compact enough for a table cell. */
export function compactDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h${String(m % 60).padStart(2, "0")}m` : `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** "45s", "21m", "3h", "2d": one unit, for "… ago" cells where seconds are noise. */
export function coarseDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

export function ago(iso: string | null | undefined, now: number): string {
  if (!iso) return "—";
  return `${coarseDuration(now - Date.parse(iso))} ago`;
}

export function since(iso: string | null | undefined, now: number): string {
  if (!iso) return "—";
  return compactDuration(now - Date.parse(iso));
}

export function bytes(n: number | null | undefined): string {
  return formatBytes(n, "—");
}

export function cores(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return n.toFixed(2);
}

/** Local wall-clock time of day with milliseconds, as log lines show it. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  const pad = (v: number, w = 2) => String(v).padStart(w, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** HH:MM of the next fire, or the date when it is not today. */
export function nextFire(iso: string | null | undefined, now: number): string {
  if (!iso) return "—";
  const d = new Date(iso);
  const pad = (v: number) => String(v).padStart(2, "0");
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay ? `${pad(d.getHours())}:${pad(d.getMinutes())}` : `${d.getMonth() + 1}/${d.getDate()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Cuts to `width` characters with an ellipsis, never wider. */
export function fit(text: string, width: number): string {
  if (width <= 0) return "";
  if (text.length <= width) return text;
  return width === 1 ? "…" : `${text.slice(0, width - 1)}…`;
}

/**
 * Like fit, for prose: cuts at the last word boundary that fits (when there
 * is one in the second half), so a message never ends in half a word.
 */
export function fitWords(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return fit(text, width);
  const room = text.slice(0, width - 1);
  const cut = room.search(/\s+\S*$/);
  return `${cut >= width / 2 ? room.slice(0, cut).replace(/[\s,;:·-]+$/, "") : room}…`;
}

export function pad(text: string, width: number, align: "left" | "right" = "left"): string {
  const t = fit(text, width);
  return align === "right" ? t.padStart(width) : t.padEnd(width);
}

/** Short form of a ULID-like id for tables: the last 6 characters are the random part. */
export function shortId(id: string | null | undefined): string {
  if (!id) return "—";
  return id.length > 10 ? id.slice(-6).toLowerCase() : id;
}

/** "e-7f3a": how tables, log lines and breadcrumbs name an execution. */
export function executionLabel(id: string): string {
  return `e-${shortId(id).slice(-4)}`;
}

export function thousands(n: number): string {
  return n.toLocaleString("en-US");
}
