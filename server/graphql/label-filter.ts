import type { ParsedExpression } from "../spec/selector.ts";

/**
 * Turns parsed selector expressions into a Prisma `where` over normalised
 * label rows, so label filters run in SQL on both databases. `relation` is the
 * label-rows relation of the model (`labelRows`). As in Kubernetes, `k!=v` and
 * `k notin (...)` also match objects without the label.
 */
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
