/**
 * Label selectors: the expression grammar (`selector-syntax.ts`), matching
 * nodes (`selector-match.ts`) and explaining placement (`explain.ts`), under
 * one import.
 */
export {
  formatExpression,
  parseExpression,
  parseSelectorString,
  splitTopLevel,
  tryParseExpression,
  type ExpressionParse,
  type ParsedExpression,
  type SelectorOp,
  type SelectorSyntaxProblem,
} from "./selector-syntax.ts";
export {
  compileSelector,
  expressionHolds,
  matchesSelector,
  type CompiledSelector,
  type NodeLike,
  type SelectorLike,
} from "./selector-match.ts";
export {
  filterNodesWithExplanation,
  filterStep,
  renderExplanation,
  type PlacementCheck,
  type PlacementStep,
} from "./explain.ts";
