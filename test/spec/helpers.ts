import { DroverError, type FieldProblem } from "../../server/errors.ts";

/** The problems a validation failure carries (extensions only list them when there are several). */
export function problemsOf(fn: () => unknown): FieldProblem[] {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof DroverError)) throw err;
    expectCode(err);
    const ext = err.extensions as { field?: string; position?: number; problems?: FieldProblem[] };
    if (ext.problems) return ext.problems;
    const message = err.message.replace(`${ext.field}: `, "");
    return [{ field: String(ext.field), message, ...(ext.position !== undefined ? { position: ext.position } : {}) }];
  }
  throw new Error("expected a validation error, but nothing was thrown");
}

function expectCode(err: DroverError) {
  if (err.code !== "VALIDATION_FAILED") throw new Error(`expected VALIDATION_FAILED, got ${err.code}`);
}

export const fieldsOf = (fn: () => unknown) => problemsOf(fn).map((p) => p.field);
