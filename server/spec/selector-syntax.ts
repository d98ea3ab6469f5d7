import { validationError } from "../errors.ts";
import { labelKeyProblem, labelValueProblem } from "./syntax.ts";
import { SPEC_SIZE_LIMITS } from "./defaults.ts";

/**
 * The grammar of one selector expression (whitespace allowed between tokens):
 *
 *   expr   := key                          exists
 *           | "!" key                      notexists
 *           | key ("=" | "==") value?      eq   ("k=" matches an empty value)
 *           | key "!=" value?              neq
 *           | key "in" "(" values ")"      in
 *           | key "notin" "(" values ")"   notin
 *   values := value ("," value)*           each non-empty
 *
 * Keys and values use the label syntax of `syntax.ts`. As in Kubernetes,
 * `k!=v` and `k notin (...)` also hold for a node without label k.
 *
 * Canonical text (`formatExpression`): "k", "!k", "k=v", "k!=v",
 * "k in (a,b)" with the set sorted and without duplicates, so that selectors
 * meaning the same thing normalise to the same spec.
 */
export type SelectorOp = "eq" | "neq" | "in" | "notin" | "exists" | "notexists";

export interface ParsedExpression {
  key: string;
  op: SelectorOp;
  /** eq/neq: one value; in/notin: sorted, distinct, at least one; exists/notexists: none. */
  values: string[];
}

export interface SelectorSyntaxProblem {
  /** What is wrong, naming the position and the whole text. */
  message: string;
  /** What is wrong, alone. */
  reason: string;
  /** 0-based offset into the text that was parsed. */
  position: number;
}

export type ExpressionParse = { ok: true; expression: ParsedExpression } | { ok: false; problem: SelectorSyntaxProblem };

const KEY_CHAR = /[A-Za-z0-9._/-]/;
const VALUE_CHAR = /[A-Za-z0-9._-]/;
const WORD_CHAR = /[A-Za-z]/;

class SyntaxFailure {
  constructor(
    readonly message: string,
    readonly position: number,
  ) {}
}

/** A cursor over one expression; every failure carries the offset it happened at. */
class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  get done() {
    return this.pos >= this.text.length;
  }
  peek(n = 1) {
    return this.text.slice(this.pos, this.pos + n);
  }
  skipSpace() {
    while (!this.done && /\s/.test(this.text[this.pos])) this.pos++;
  }
  read(chars: RegExp): string {
    const start = this.pos;
    while (!this.done && chars.test(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }
  fail(message: string, at = this.pos): never {
    throw new SyntaxFailure(message, at);
  }
  found(): string {
    return this.done ? "the end" : `"${this.text[this.pos]}"`;
  }
}

export function tryParseExpression(text: string): ExpressionParse {
  try {
    return { ok: true, expression: parseWith(new Scanner(text)) };
  } catch (err) {
    if (err instanceof SyntaxFailure) return { ok: false, problem: describe(err.message, err.position, text) };
    throw err;
  }
}

function describe(reason: string, position: number, text: string): SelectorSyntaxProblem {
  return { message: `${reason} at position ${position} in "${text}"`, reason, position };
}

function parseWith(s: Scanner): ParsedExpression {
  s.skipSpace();
  if (s.done) s.fail("empty selector expression");
  if (s.peek() === "!" && s.peek(2) !== "!=") {
    s.pos++;
    s.skipSpace();
    const key = readKey(s);
    s.skipSpace();
    if (!s.done) s.fail(`"!${key}" takes no operator or value; found ${s.found()}`);
    return { key, op: "notexists", values: [] };
  }
  const key = readKey(s);
  s.skipSpace();
  if (s.done) return { key, op: "exists", values: [] };

  let op: SelectorOp;
  if (s.peek(2) === "==") {
    s.pos += 2;
    op = "eq";
  } else if (s.peek() === "=") {
    s.pos += 1;
    op = "eq";
  } else if (s.peek(2) === "!=") {
    s.pos += 2;
    op = "neq";
  } else if (WORD_CHAR.test(s.peek())) {
    const at = s.pos;
    const word = s.read(WORD_CHAR);
    if (word !== "in" && word !== "notin") s.fail(`expected an operator (=, ==, !=, in, notin) but found "${word}"`, at);
    op = word;
  } else {
    s.fail(`expected an operator (=, ==, !=, in, notin) but found ${s.found()}`);
  }

  let values: string[];
  if (op === "eq" || op === "neq") {
    s.skipSpace();
    values = [readValue(s, true)];
  } else {
    values = readSet(s);
  }
  s.skipSpace();
  if (!s.done) s.fail(`unexpected ${s.found()} after the expression`);
  return { key, op, values };
}

function readKey(s: Scanner): string {
  const at = s.pos;
  const key = s.read(KEY_CHAR);
  if (key === "") s.fail(`expected a label key but found ${s.found()}`);
  const problem = labelKeyProblem(key);
  if (problem) s.fail(`label ${problem}`, at);
  return key;
}

function readValue(s: Scanner, emptyAllowed: boolean): string {
  const at = s.pos;
  const value = s.read(VALUE_CHAR);
  if (value === "" && !emptyAllowed) s.fail(`expected a value but found ${s.found()}`);
  const problem = labelValueProblem(value);
  if (problem) s.fail(`label ${problem}`, at);
  return value;
}

function readSet(s: Scanner): string[] {
  s.skipSpace();
  if (s.peek() !== "(") s.fail(`expected "(" but found ${s.found()}`);
  s.pos++;
  const values = new Set<string>();
  for (;;) {
    s.skipSpace();
    values.add(readValue(s, false));
    s.skipSpace();
    if (s.peek() === ",") {
      s.pos++;
    } else if (s.peek() === ")") {
      s.pos++;
      return [...values].sort();
    } else {
      s.fail(`expected "," or ")" but found ${s.found()}`);
    }
  }
}

export function formatExpression(e: ParsedExpression): string {
  switch (e.op) {
    case "exists":
      return e.key;
    case "notexists":
      return `!${e.key}`;
    case "eq":
      return `${e.key}=${e.values[0]}`;
    case "neq":
      return `${e.key}!=${e.values[0]}`;
    case "in":
    case "notin":
      return `${e.key} ${e.op} (${e.values.join(",")})`;
  }
}

/**
 * Parses one expression, throwing VALIDATION_FAILED on `field` with the
 * offending text and position.
 */
export function parseExpression(text: string, field = "selector"): ParsedExpression {
  const r = tryParseExpression(text);
  if (!r.ok) throw validationError([{ field, message: r.problem.message, position: r.problem.position }]);
  return r.expression;
}

/**
 * Splits a filter string on commas that are not inside parentheses:
 * "region=eu,tier in (a,b)" → ["region=eu", "tier in (a,b)"], each with its
 * offset into the string so errors point into the whole text.
 */
export function splitTopLevel(text: string): { text: string; offset: number }[] {
  const terms: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      terms.push({ text: text.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  terms.push({ text: text.slice(start), offset: start });
  return terms;
}

/**
 * A selector as one string, as list queries take it: "env=prod,tier in (a,b),!gpu".
 * Every term must hold. An empty or all-blank string selects everything.
 * Throws VALIDATION_FAILED on `field` with the position in the whole string.
 */
export function parseSelectorString(text: string, field = "selector"): ParsedExpression[] {
  if (text.trim() === "") return [];
  const terms = splitTopLevel(text);
  // Each term is a join in SQL: thousands of them take the database minutes, so they are refused first.
  if (terms.length > SPEC_SIZE_LIMITS.selectorTerms) {
    throw validationError([{ field, message: `may hold at most ${SPEC_SIZE_LIMITS.selectorTerms} terms (has ${terms.length})` }]);
  }
  return terms.map((term) => {
    const r = tryParseExpression(term.text);
    if (r.ok) return r.expression;
    const { message, position } = describe(r.problem.reason, term.offset + r.problem.position, text);
    throw validationError([{ field, message, position }]);
  });
}
