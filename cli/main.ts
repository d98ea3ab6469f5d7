import { Command } from "commander";
import { serverCommand } from "./server.ts";
import { agentCommand } from "./agent.ts";
import { tuiCommand } from "./tui.ts";
import { registerOperatorCommands } from "./commands/index.ts";
import { completionCommand } from "./commands/completion.ts";
import { configCommand } from "./commands/config.ts";
import { versionCommand } from "./commands/version.ts";
import { usageExitCodes } from "./errors.ts";

// A reader that stops early (`drover job ls -w | head -1`) closes the pipe: that ends the command, quietly, like any Unix tool.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

const program = new Command()
  .name("drover")
  .description("Drover: a job orchestrator's control plane with a GraphQL API")
  .option("-V, --version", "print the client's version and the server's (same as drover version)")
  .showHelpAfterError()
  .enablePositionalOptions();

program.addCommand(serverCommand());
program.addCommand(agentCommand());
program.addCommand(tuiCommand());
registerOperatorCommands(program);
program.addCommand(configCommand());
program.addCommand(versionCommand());
program.addCommand(completionCommand(program));
// Every usage error of the whole tree (unknown command or option, missing argument) exits 2.
usageExitCodes(program);

// `--version` also asks the server, so it is the version command rather than commander's built-in.
const [node, script, first, ...rest] = process.argv;
const argv = first === "--version" || first === "-V" ? [node, script, "version", ...rest] : process.argv;
await program.parseAsync(argv);
