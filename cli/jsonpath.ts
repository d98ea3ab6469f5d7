import { JSONPath } from "jsonpath-plus";
import { UsageError } from "./errors.ts";

/**
 * kubectl's `-o jsonpath=TEMPLATE`: text with `{expr}` fields, `{"literal"}`,
 * and `{range expr}...{end}` loops. Each expr is a JSONPath relative to the
 * printed object (`.items[*].name`, `.status.version`); the evaluation itself is
 * jsonpath-plus's. Several values of one field are joined by a space.
 *
 *   {range .items[*]}{.name}{"\t"}{.status.state.stateType}{"\n"}{end}
 */
type Piece = { text: string } | { path: string } | { range: string; body: Piece[] };

export function renderJsonPath(template: string, data: unknown): string {
  const pieces = parseTemplate(template);
  return render(pieces, data);
}

export function parseTemplate(template: string): Piece[] {
  const tokens = tokenize(template);
  let i = 0;
  const block = (inRange: boolean): Piece[] => {
    const out: Piece[] = [];
    while (i < tokens.length) {
      const t = tokens[i++];
      if (t.kind === "text") out.push({ text: t.value });
      else if (/^end$/.test(t.value)) {
        if (!inRange) throw new UsageError(`jsonpath: {end} without {range}`);
        return out;
      } else if (/^range\s/.test(t.value)) {
        const range = t.value.replace(/^range\s+/, "");
        out.push({ range: toPath(range), body: block(true) });
      } else if (/^".*"$/s.test(t.value)) {
        out.push({ text: unescape(t.value.slice(1, -1)) });
      } else out.push({ path: toPath(t.value) });
    }
    if (inRange) throw new UsageError("jsonpath: {range} without {end}");
    return out;
  };
  return block(false);
}

function tokenize(template: string): { kind: "text" | "field"; value: string }[] {
  const tokens: { kind: "text" | "field"; value: string }[] = [];
  let rest = template;
  while (rest) {
    const open = rest.indexOf("{");
    if (open < 0) {
      tokens.push({ kind: "text", value: unescape(rest) });
      break;
    }
    if (open > 0) tokens.push({ kind: "text", value: unescape(rest.slice(0, open)) });
    const close = closing(rest, open);
    if (close < 0) throw new UsageError(`jsonpath: unclosed "{" in ${JSON.stringify(template)}`);
    tokens.push({ kind: "field", value: rest.slice(open + 1, close).trim() });
    rest = rest.slice(close + 1);
  }
  return tokens;
}

/** The "}" that closes the "{" at `open`, skipping quoted text and nested brackets. */
function closing(s: string, open: number): number {
  let quote: string | null = null;
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "}") return i;
  }
  return -1;
}

function unescape(s: string): string {
  return s.replace(/\\([nt\\"])/g, (_, c: string) => ({ n: "\n", t: "\t", "\\": "\\", '"': '"' })[c] ?? c);
}

/** `.items[*].name` → `$.items[*].name`; `$...` and `@...` are taken as they are. */
function toPath(expr: string): string {
  if (!expr) throw new UsageError("jsonpath: an empty {}");
  if (expr.startsWith("$")) return expr;
  if (expr.startsWith("@")) return `$${expr.slice(1)}`;
  return expr.startsWith(".") || expr.startsWith("[") ? `$${expr}` : `$.${expr}`;
}

function evaluate(path: string, data: unknown): unknown[] {
  try {
    return JSONPath({ path, json: data as object, wrap: true }) as unknown[];
  } catch (err) {
    throw new UsageError(`jsonpath: ${path}: ${(err as Error).message}`);
  }
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

function render(pieces: Piece[], data: unknown): string {
  let out = "";
  for (const p of pieces) {
    if ("text" in p) out += p.text;
    else if ("range" in p) for (const item of evaluate(p.range, data)) out += render(p.body, item);
    else out += evaluate(p.path, data).map(show).join(" ");
  }
  return out;
}
