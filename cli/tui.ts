import { Command } from "commander";
import { ConfigError } from "../client/config.ts";
import { resolveTarget } from "../client/connection.ts";

/** `drover tui`: the live terminal UI, a GraphQL client of a running server. */
export function tuiCommand(): Command {
  return new Command("tui")
    .description("watch and drive Drover live in the terminal (jobs, rollouts, logs, nodes, metrics)")
    .option("--server <url>", "server URL (env DROVER_SERVER; default ./.drover/server.json)")
    .option("--token <token>", "API token (env DROVER_TOKEN; default ./.drover/admin.token)")
    .option("--context <name>", "use this context of the config file (env DROVER_CONTEXT)")
    .option("-n, --namespace <ns>", "start in this namespace (default: all)")
    .action(async (opts: { server?: string; token?: string; context?: string; namespace?: string }) => {
      // The TUI resolves its server like every client; a named context reaches it through the environment.
      if (opts.context) process.env.DROVER_CONTEXT = opts.context;
      try {
        resolveTarget({ server: opts.server ?? null, token: opts.token ?? null });
      } catch (err) {
        // A missing context or a broken config file is the operator's to fix: one line, exit 2.
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`drover tui: ${err.message}\n`);
        process.exit(2);
      }
      // Ink draws only the final frame when CI or CONTINUOUS_INTEGRATION is set (it reads them when it loads).
      // A terminal UI on a terminal is interactive whatever the shell exports, so they go before Ink loads.
      if (process.stdout.isTTY) {
        delete process.env.CI;
        delete process.env.CONTINUOUS_INTEGRATION;
      }
      // Loaded only here, so the other commands do not pay for React and Ink.
      const { runTui } = await import("../tui/main.tsx");
      await runTui({ server: opts.server, token: opts.token, namespace: opts.namespace });
    });
}
