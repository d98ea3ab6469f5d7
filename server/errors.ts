import { GraphQLError } from "graphql";

/** The machine-readable codes clients may see in `extensions.code` (DECISIONS.md). */
export type ErrorCode =
  | "VALIDATION_FAILED"
  | "CONFLICT"
  | "NOT_FOUND"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "INVALID_STATE"
  | "RESYNC_REQUIRED"
  | "RATE_LIMITED"
  | "LIMIT_EXCEEDED";

export interface FieldProblem {
  /** Dotted input path, e.g. `deployment.healthCheck.deadline`. */
  field: string;
  message: string;
  /** For selector expressions: the 0-based character offset of the problem. */
  position?: number;
}

/**
 * An expected failure: shown to clients as is, with its code and the field at
 * fault. Anything that is not a DroverError is masked by Yoga and logged.
 */
export class DroverError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(
    code: ErrorCode,
    message: string,
    opts: { field?: string; position?: number; problems?: FieldProblem[]; details?: Record<string, unknown> } = {},
  ) {
    const extensions: Record<string, unknown> = { code };
    if (opts.field !== undefined) extensions.field = opts.field;
    if (opts.position !== undefined) extensions.position = opts.position;
    if (opts.problems && opts.problems.length > 1) extensions.problems = opts.problems;
    if (opts.details) Object.assign(extensions, opts.details);
    super(message, { extensions });
    this.code = code;
  }
}

/** One validation error carrying every problem found; the first names the field. */
export function validationError(problems: FieldProblem[]): DroverError {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return new DroverError("VALIDATION_FAILED", `${first.field}: ${first.message}${more}`, {
    field: first.field,
    position: first.position,
    problems,
  });
}

export const notFound = (what: string, field?: string) =>
  new DroverError("NOT_FOUND", `${what} not found`, { field });

/**
 * The server cannot start for a reason the operator can fix (the database is
 * in use, the port is taken): `drover server` prints the message alone, as
 * one line, instead of a stack trace.
 */
export class StartupError extends Error {
  override name = "StartupError";
}
