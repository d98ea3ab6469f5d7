import readline from "node:readline/promises";
import { ExitError, UsageError, EXIT_REFUSED } from "./errors.ts";

/**
 * Asks before something that cannot be taken back. `--yes` skips the question;
 * without a terminal to ask on, `--yes` is required (exit 2), so a script never
 * hangs on a prompt nor acts without saying so. Declining exits 1.
 */
export async function confirmOrExit(question: string, opts: { yes?: boolean; what: string }): Promise<void> {
  if (opts.yes) return;
  if (!process.stdin.isTTY) throw new UsageError(`refusing to ${opts.what} without --yes (no terminal to ask on)`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  let answer: string;
  try {
    answer = await rl.question(`${question} [y/N] `);
  } finally {
    rl.close();
  }
  if (!/^y(es)?$/i.test(answer.trim())) throw new ExitError(EXIT_REFUSED, `not done: ${opts.what}`);
}
