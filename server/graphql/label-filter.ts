import { DroverError } from "../errors.ts";
import { parseSelectorString, type ParsedExpression } from "../spec/selector.ts";

/**
 * A list query's `selector` argument as Prisma `where` clauses over normalised
 * label rows (`labelRows`), so label filters run in SQL on both databases. As
 * in Kubernetes, `k!=v` and `k notin (...)` also match objects without the label.
 */
export function selectorArgWhere(selector: string | null | undefined): Record<string, unknown>[] {
  return labelWhere(parseSelectorArg(selector));
}

export function parseSelectorArg(selector: string | null | undefined): ParsedExpression[] {
  if (!selector) return [];
  try {
    return parseSelectorString(selector);
  } catch (err) {
    if (err instanceof DroverError) {
      throw new DroverError("VALIDATION_FAILED", err.message, {
        field: "selector",
        position: err.extensions.position as number | undefined,
      });
    }
    throw err;
  }
}

export function labelWhere(exprs: ParsedExpression[]): Record<string, unknown>[] {
  return exprs.map((e) => {
    switch (e.op) {
      case "eq":
        return { labelRows: { some: { key: e.key, value: e.values[0] } } };
      case "neq":
        return { NOT: { labelRows: { some: { key: e.key, value: e.values[0] } } } };
      case "in":
        return { labelRows: { some: { key: e.key, value: { in: e.values } } } };
      case "notin":
        return { NOT: { labelRows: { some: { key: e.key, value: { in: e.values } } } } };
      case "exists":
        return { labelRows: { some: { key: e.key } } };
      case "notexists":
        return { labelRows: { none: { key: e.key } } };
    }
  });
}
