import type { Command } from "commander";
import { EXIT_CODES_HELP, usageExitCodes } from "../errors.ts";
import { jobCommand } from "./job.ts";

/** The operator commands (job, run, logs, node), GraphQL clients of a running server. */
export function registerOperatorCommands(program: Command): void {
  for (const cmd of [jobCommand()]) program.addCommand(usageExitCodes(cmd));
  program.addHelpText("after", EXIT_CODES_HELP);
}
