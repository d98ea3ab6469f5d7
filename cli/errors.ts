import { Command, CommanderError } from "commander";
import { RemoteError } from "../client/graphql-http.ts";

/** Exit codes of the operator commands (also in `drover --help`). */
export const EXIT_OK = 0;
/** The server refused: validation, conflict, not found, invalid state, forbidden... */
export const EXIT_REFUSED = 1;
/** Usage error, cannot connect, or not authenticated. */
export const EXIT_USAGE = 2;

export const EXIT_CODES_HELP = `
Exit codes:
  0  success (also: a waited-for rollout paused, e.g. a canary waiting for promote)
  1  the server refused the request (validation, conflict, not found,
     invalid state, forbidden), or a waited-for run or rollout did not succeed
  2  usage error, unreadable file or config, cannot connect, or not authenticated

Server and token: --server/--token, --context, $DROVER_CONTEXT,
$DROVER_SERVER/$DROVER_TOKEN, ./.drover/, then the config's current context.`;

/** A mistake on the command line or in a local file: exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure already explained on stderr, ending with the given code. */
export class ExitError extends Error {
  constructor(readonly exitCode: number, message = "") {
    super(message);
  }
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof ExitError) return err.exitCode;
  if (err instanceof UsageError) return EXIT_USAGE;
  if (err instanceof RemoteError) {
    if (err.status === 0 || err.code === "UNAUTHENTICATED" || err.status === 401) return EXIT_USAGE;
    return EXIT_REFUSED;
  }
  return EXIT_REFUSED;
}

/** `error: deployment.healthCheck.deadline: is required (VALIDATION_FAILED)`. */
export function formatError(err: unknown): string {
  const problems = problemsOf(err);
  if (problems.length > 1) {
    // Every problem on its own line, so one fix-and-retry round covers them all.
    const code = (err as { code?: string | null }).code;
    const lines = problems.map((p) => `  ${p.field}: ${p.message}`);
    return `error: ${problems.length} problems${code ? ` (${code})` : ""}:\n${lines.join("\n")}`;
  }
  if (err instanceof RemoteError) {
    // The server's message often starts with the field already.
    const field = err.field && !err.message.startsWith(`${err.field}:`) && !err.message.startsWith(`${err.field} `) ? `${err.field}: ` : "";
    const code = err.code ? ` (${err.code})` : "";
    return `error: ${field}${err.message}${code}`;
  }
  if (err instanceof Error && !(err instanceof UsageError) && err.name !== "Error" && typeof (err as { code?: unknown }).code === "string") {
    return `error: ${err.message} (${(err as unknown as { code: string }).code})`;
  }
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}

/** The field-by-field problems of a refused input: the server's, or those found in a spec file. */
function problemsOf(err: unknown): { field: string; message: string }[] {
  const p = err instanceof Error ? (err as { problems?: unknown }).problems : undefined;
  return Array.isArray(p) ? (p as { field: string; message: string }[]) : [];
}

/** Wraps an action: prints an error on stderr and sets the exit code. */
export function run<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const code = exitCodeOf(err);
      if (!(err instanceof ExitError) || err.message) process.stderr.write(`${formatError(err)}\n`);
      // DROVER_DEBUG=1 shows where an unexpected failure came from, for a bug report.
      if (process.env.DROVER_DEBUG && err instanceof Error && !(err instanceof ExitError)) process.stderr.write(`${err.stack}\n`);
      process.exitCode = code;
    }
  };
}

/** Commander exits 1 on usage errors; ours exit 2. Applies to the whole tree. */
export function usageExitCodes(cmd: Command): Command {
  cmd.exitOverride((err: CommanderError) => {
    process.exit(err.exitCode === 0 ? EXIT_OK : EXIT_USAGE);
  });
  for (const sub of cmd.commands) usageExitCodes(sub);
  return cmd;
}
