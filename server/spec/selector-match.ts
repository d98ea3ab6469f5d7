import { validationError, type FieldProblem } from "../errors.ts";
import { formatExpression, tryParseExpression, type ParsedExpression } from "./selector-syntax.ts";
import type { StringMap } from "./types.ts";

/** What matching needs of a node. */
export interface NodeLike {
  id: string;
  labels: StringMap;
}

/** A selector as a spec holds it (normalised or not). */
export interface SelectorLike {
  matchLabels?: StringMap | null;
  matchIds?: string[] | null;
  matchExpressions?: string[] | null;
}

/** A selector with its expressions parsed once, for matching many nodes. */
export interface CompiledSelector {
  compiled: true;
  matchLabels: [string, string][];
  matchIds: string[];
  expressions: { text: string; expression: ParsedExpression }[];
}

/**
 * Parses the selector's expressions; throws VALIDATION_FAILED naming
 * `selector.matchExpressions.<i>` and the position. A normalised spec's
 * selector always compiles.
 */
export function compileSelector(selector: SelectorLike | CompiledSelector): CompiledSelector {
  if ("compiled" in selector) return selector;
  const problems: FieldProblem[] = [];
  const expressions: CompiledSelector["expressions"] = [];
  (selector.matchExpressions ?? []).forEach((text, i) => {
    const r = tryParseExpression(text);
    if (r.ok) expressions.push({ text: formatExpression(r.expression), expression: r.expression });
    else problems.push({ field: `selector.matchExpressions.${i}`, message: r.problem.message, position: r.problem.position });
  });
  if (problems.length) throw validationError(problems);
  return {
    compiled: true,
    matchLabels: Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    matchIds: selector.matchIds ?? [],
    expressions,
  };
}

export function labelOf(labels: StringMap, key: string): string | undefined {
  // Own properties only: a label named "constructor" must not find Object's.
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

export function expressionHolds(e: ParsedExpression, labels: StringMap): boolean {
  const value = labelOf(labels, e.key);
  switch (e.op) {
    case "exists":
      return value !== undefined;
    case "notexists":
      return value === undefined;
    case "eq":
      return value === e.values[0];
    case "neq":
      return value !== e.values[0];
    case "in":
      return value !== undefined && e.values.includes(value);
    case "notin":
      return value === undefined || !e.values.includes(value);
  }
}

/** matchIds (when non-empty) contains the node, every matchLabels pair is equal, and every expression holds. */
export function matchesSelector(selector: SelectorLike | CompiledSelector, node: NodeLike): boolean {
  const s = compileSelector(selector);
  if (s.matchIds.length > 0 && !s.matchIds.includes(node.id)) return false;
  if (!s.matchLabels.every(([k, v]) => labelOf(node.labels, k) === v)) return false;
  return s.expressions.every(({ expression }) => expressionHolds(expression, node.labels));
}
