import type { Command } from "commander";
import { EXIT_CODES_HELP, usageExitCodes } from "../errors.ts";
import { executionCommand } from "./execution.ts";
import { jobCommand } from "./job.ts";
import { logsCommand } from "./logs.ts";
import { nodeCommand } from "./node.ts";
import { rolloutCommand } from "./rollout.ts";
import { runCommand } from "./run.ts";
import { topCommand } from "./top.ts";
import { joinTokenCommand, tokenCommand } from "./token.ts";

/** The operator commands (job, run, logs, node), GraphQL clients of a running server. */
export function registerOperatorCommands(program: Command): void {
  for (const cmd of [jobCommand(), rolloutCommand(), runCommand(), executionCommand(), logsCommand(), topCommand(), nodeCommand(), tokenCommand(), joinTokenCommand()]) program.addCommand(usageExitCodes(cmd));
  program.addHelpText("after", EXIT_CODES_HELP);
}
