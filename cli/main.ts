import { Command } from "commander";
import { serverCommand } from "./server.ts";
import { agentCommand } from "./agent.ts";
import { tuiCommand } from "./tui.ts";
import { registerOperatorCommands } from "./commands/index.ts";

const program = new Command()
  .name("drover")
  .description("Drover: a job orchestrator's control plane with a GraphQL API")
  .showHelpAfterError()
  .enablePositionalOptions();

program.addCommand(serverCommand());
program.addCommand(agentCommand());
program.addCommand(tuiCommand());
registerOperatorCommands(program);

await program.parseAsync(process.argv);
