import YAML from "yaml";
import { UsageError } from "./errors.ts";
import { renderJsonPath } from "./jsonpath.ts";

/** `-o`: a table (wide: every column, unshrunk), the full objects, names, or a jsonpath template. */
export type Format = "table" | "wide" | "json" | "yaml" | "name" | `jsonpath=${string}`;

export const FORMATS_HELP = "table, wide, json, yaml, name, or jsonpath=TEMPLATE";

export function parseFormat(value: string): Format {
  if (["table", "wide", "json", "yaml", "name"].includes(value)) return value as Format;
  if (/^jsonpath=./s.test(value)) return value as Format;
  if (value === "jsonpath" || value === "jsonpath=") throw new UsageError(`-o jsonpath needs a template: -o jsonpath='{.items[*].name}'`);
  throw new UsageError(`-o must be one of ${FORMATS_HELP}, not "${value}"`);
}

/** Table formats are for people; the others print the full objects for scripts. */
export function isHuman(format: Format): format is "table" | "wide" {
  return format === "table" || format === "wide";
}

/**
 * `kind/namespace/name` for jobs, `kind/id` for the rest, as commands take them back
 * (`drover job ls -o name | xargs -n1 drover job stop`).
 */
export function nameOf(obj: unknown, kind: string): string {
  if (!obj || typeof obj !== "object") return `${kind}/${String(obj)}`;
  const o = obj as Record<string, unknown>;
  for (const inner of ["job", "run", "node", "execution"]) {
    if (o[inner] && typeof o[inner] === "object") return nameOf(o[inner], inner);
  }
  if (kind === "job" && typeof o.namespace === "string" && typeof o.name === "string") return `job/${o.namespace}/${o.name}`;
  if (typeof o.id === "string") return `${kind}/${o.id}`;
  if (typeof o.version === "number") return `${kind}/${o.version}`;
  return `${kind}/${String(o.name ?? o.jobId ?? "?")}`;
}

/** Data for scripts: JSON (2-space), YAML, one name a line, or a jsonpath template. */
export function formatData(data: unknown, format: Format, kind = "job"): string {
  if (format === "json" || isHuman(format)) return `${JSON.stringify(data, null, 2)}\n`;
  if (format === "yaml") return YAML.stringify(data);
  if (format === "name") {
    const items = data && typeof data === "object" && Array.isArray((data as { items?: unknown }).items) ? (data as { items: unknown[] }).items : [data];
    return items.map((i) => `${nameOf(i, kind)}\n`).join("");
  }
  const out = renderJsonPath(format.slice("jsonpath=".length), data);
  return out.endsWith("\n") ? out : `${out}\n`;
}

export function printData(data: unknown, format: Format, kind = "job"): void {
  process.stdout.write(formatData(data, format, kind));
}

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return !process.env.NO_COLOR && !!stream.isTTY && process.env.TERM !== "dumb";
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;

export function paint(text: string, style: Style | null | undefined, on = useColor()): string {
  if (!on || !style || !text) return text;
  const [a, b] = CODES[style];
  return `\u001b[${a}m${text}\u001b[${b}m`;
}

/** Colour of a state word: green for good, red for bad, yellow for in between. */
export function stateStyle(state: string | null | undefined): Style | null {
  if (!state) return null;
  if (/^(RUNNING|READY|SUCCEEDED|COMPLETED|COMPLETE)$/.test(state)) return "green";
  if (/FAILED|DOWN|LOST|DEGRADED|CANCELLED/.test(state)) return "red";
  return "yellow";
}

export function terminalWidth(): number {
  const env = Number(process.env.COLUMNS);
  if (Number.isInteger(env) && env > 20) return env;
  return process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 80;
}

export interface Column<R> {
  header: string;
  value: (row: R) => string;
  /** May be shortened (with "…") down to `min` characters when the table is too wide. */
  shrink?: boolean;
  min?: number;
  /** Columns with a drop rank are dropped, lowest first, when shrinking is not enough. */
  drop?: number;
  style?: (row: R) => Style | null;
  align?: "right";
  /** Shown only with `-o wide`. */
  wide?: boolean;
}

/** A list as a table: `-o wide` adds the wide columns and neither shrinks nor drops any. */
export function formatTable<R>(columns: Column<R>[], rows: R[], format: Format = "table"): string {
  const wide = format === "wide";
  return renderTable(wide ? columns : columns.filter((c) => !c.wide), rows, wide ? Number.POSITIVE_INFINITY : terminalWidth());
}

export function printTable<R>(columns: Column<R>[], rows: R[], format: Format = "table"): void {
  process.stdout.write(formatTable(columns, rows, format));
}

/**
 * A list command's output: a table for people or data for scripts, once, or
 * again on every change with -w. An empty table says so on stderr (once) or
 * in place (watching).
 */
export async function showList(render: () => Promise<string>, opts: { watch?: boolean; empty: string }): Promise<void> {
  if (opts.watch) {
    const { watch } = await import("./watch.ts");
    return watch(async () => (await render()) || `(${opts.empty})\n`);
  }
  const out = await render();
  if (out) process.stdout.write(out);
  else process.stderr.write(`${opts.empty}\n`);
}

/** Visible length, counting code points (not UTF-16 units). */
function len(s: string): number {
  return [...s].length;
}

export function truncate(s: string, width: number): string {
  const chars = [...s.replace(/[\r\n\t]+/g, " ")];
  if (chars.length <= width) return chars.join("");
  if (width <= 1) return chars.slice(0, width).join("");
  return `${chars.slice(0, width - 1).join("")}…`;
}

/**
 * Renders rows as a table that never exceeds `width` columns: shrinkable
 * columns are truncated first, then droppable columns are left out.
 */
export function renderTable<R>(columns: Column<R>[], rows: R[], width = terminalWidth(), color = useColor()): string {
  const cells = rows.map((r) => columns.map((c) => (c.value(r) ?? "").replace(/[\r\n\t]+/g, " ")));
  let shown = columns.map((_, i) => i);
  const natural = columns.map((c, i) => Math.max(len(c.header), ...cells.map((row) => len(row[i]))));
  const widths = [...natural];
  const total = () => shown.reduce((sum, i) => sum + widths[i], 0) + 2 * (shown.length - 1);
  for (;;) {
    // Shrink the widest shrinkable column, one character at a time.
    while (total() > width) {
      const candidates = shown.filter((i) => columns[i].shrink && widths[i] > Math.max(columns[i].min ?? 8, len(columns[i].header)));
      if (!candidates.length) break;
      // Columns that would be dropped first are shrunk first; then the widest.
      const rank = (i: number) => columns[i].drop ?? Number.POSITIVE_INFINITY;
      const widest = candidates.reduce((a, b) => (rank(b) < rank(a) || (rank(b) === rank(a) && widths[b] > widths[a]) ? b : a));
      widths[widest] -= Math.min(widths[widest] - Math.max(columns[widest].min ?? 8, len(columns[widest].header)), total() - width);
    }
    if (total() <= width) break;
    const droppable = shown.filter((i) => columns[i].drop !== undefined);
    if (!droppable.length) break;
    const victim = droppable.reduce((a, b) => ((columns[b].drop ?? 0) < (columns[a].drop ?? 0) ? b : a));
    shown = shown.filter((i) => i !== victim);
    for (const i of shown) widths[i] = natural[i];
  }
  const lines: string[] = [];
  const line = (values: string[], styles: (Style | null)[]) => {
    const parts = shown.map((i, k) => {
      const text = truncate(values[i], widths[i]);
      const pad = " ".repeat(Math.max(0, widths[i] - len(text)));
      const last = k === shown.length - 1;
      const padded = columns[i].align === "right" ? pad + text : last ? text : text + pad;
      return paint(padded, styles[i], color);
    });
    lines.push(parts.join("  ").trimEnd());
  };
  line(columns.map((c) => c.header), columns.map(() => "bold"));
  rows.forEach((r, k) => line(cells[k], columns.map((c) => c.style?.(r) ?? null)));
  // Hard guarantee: whatever the columns, no line is wider than the terminal.
  return `${lines.map((l) => (color ? l : truncate(l, width))).join("\n")}\n`;
}

/** "k=v,k2=v2" in key order. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  return Object.entries(labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

/** "5s", "3m", "2h", "4d" since an ISO time; "-" for none. */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "-";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

/** Key/value lines for `get` commands, keys aligned. */
export function renderFields(fields: [string, string | number | null | undefined][], color = useColor()): string {
  const w = Math.max(...fields.map(([k]) => k.length)) + 1;
  return fields
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${paint(`${k}:`.padEnd(w), "bold", color)} ${v === null || v === "" ? "-" : String(v)}`)
    .join("\n")
    .concat("\n");
}
