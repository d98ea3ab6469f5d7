import { Command } from "commander";
import { ConfigError, configPath, findContext, loadConfig, saveConfig, type ClientConfig, type Context } from "../../client/config.ts";
import { resolveTarget } from "../../client/connection.ts";
import { UsageError, run } from "../errors.ts";
import { printData, printTable, parseFormat, type Column } from "../output.ts";

/** Reads the config file; its problems are the operator's to fix (exit 2). */
function load(): { file: string; config: ClientConfig } {
  const file = configPath();
  try {
    return { file, config: loadConfig(file) };
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

async function getContexts(opts: { output?: string }) {
  const { file, config } = load();
  const format = parseFormat(opts.output ?? "table");
  const current = config["current-context"];
  // Tokens are secrets: lists say where a token comes from, never the token itself.
  const rows = config.contexts.map((c) => ({ ...c, token: c.token ? "(inline)" : undefined, current: c.name === current }));
  if (format !== "table" && format !== "wide") return printData({ file, "current-context": current ?? null, items: rows }, format, "context");
  if (!rows.length) return void process.stderr.write(`no contexts in ${file}: add one with drover config set-context NAME --server URL --token-file FILE\n`);
  const cols: Column<(typeof rows)[0]>[] = [
    { header: "CURRENT", value: (c) => (c.current ? "*" : "") },
    { header: "NAME", value: (c) => c.name },
    { header: "SERVER", value: (c) => c.server ?? "-", shrink: true, min: 16 },
    { header: "NAMESPACE", value: (c) => c.namespace ?? "-", drop: 1 },
    { header: "TOKEN", value: (c) => c.tokenFile ?? c.token ?? "-", shrink: true, min: 8, drop: 0 },
  ];
  printTable(cols, rows, format);
}

async function useContext(name: string) {
  const { file, config } = load();
  try {
    findContext(config, name, file);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  saveConfig(file, { ...config, "current-context": name });
  process.stdout.write(`switched to context "${name}" (${file})\n`);
}

async function currentContext() {
  const { file, config } = load();
  const name = config["current-context"];
  if (!name) throw new UsageError(`no current context in ${file}: drover config use-context NAME`);
  process.stdout.write(`${name}\n`);
  // Said beside it, not instead: a ./.drover/ quickstart server in this directory wins over the context.
  const target = resolveTarget({});
  if (target.context !== name) process.stderr.write(`(not in use here: the server comes from ${target.source})\n`);
}

async function setContext(name: string, opts: { server?: string; token?: string; tokenFile?: string; namespace?: string; use?: boolean }) {
  if (opts.token && opts.tokenFile) throw new UsageError("give --token or --token-file, not both");
  const { file, config } = load();
  const contexts = [...config.contexts];
  const i = contexts.findIndex((c) => c.name === name);
  const before: Context = i >= 0 ? contexts[i] : { name };
  const next: Context = { ...before };
  if (opts.server !== undefined) next.server = opts.server;
  if (opts.namespace !== undefined) next.namespace = opts.namespace;
  if (opts.token !== undefined) {
    next.token = opts.token;
    delete next.tokenFile;
  }
  if (opts.tokenFile !== undefined) {
    next.tokenFile = opts.tokenFile;
    delete next.token;
  }
  if (!next.server) throw new UsageError(`context "${name}" needs a server: --server URL`);
  if (i >= 0) contexts[i] = next;
  else contexts.push(next);
  const updated: ClientConfig = { ...config, contexts };
  if (opts.use || !config["current-context"]) updated["current-context"] = name;
  saveConfig(file, updated);
  process.stdout.write(`context "${name}" ${i >= 0 ? "updated" : "created"}${updated["current-context"] === name ? " (current)" : ""} in ${file}\n`);
}

async function deleteContext(name: string) {
  const { file, config } = load();
  if (!config.contexts.some((c) => c.name === name)) throw new UsageError(`no context "${name}" in ${file}`);
  const updated: ClientConfig = { ...config, contexts: config.contexts.filter((c) => c.name !== name) };
  if (updated["current-context"] === name) delete updated["current-context"];
  saveConfig(file, updated);
  process.stdout.write(`context "${name}" deleted from ${file}\n`);
}

export function configCommand(): Command {
  const cmd = new Command("config").description("contexts for several servers, kept in $DROVER_CONFIG or ~/.config/drover/config.yaml");
  cmd.addCommand(
    new Command("get-contexts")
      .description("list the contexts; * marks the current one")
      .option("-o, --output <format>", "table, json, yaml or name", "table")
      .action(run(getContexts)),
  );
  cmd.addCommand(new Command("current-context").description("print the current context's name").action(run(currentContext)));
  cmd.addCommand(new Command("use-context").description("make a context the current one").argument("<name>").action(run(useContext)));
  cmd.addCommand(
    new Command("set-context")
      .description("create or change a context (only the given fields change)")
      .argument("<name>")
      .option("--server <url>", "the server's URL")
      .option("--token <token>", "an API token, kept in the file (mode 0600)")
      .option("--token-file <file>", "a file holding the token (relative to the config file's directory)")
      .option("--namespace <ns>", "the namespace commands use when -n is not given")
      .option("--use", "also make it the current context (the first context always is)")
      .action(run(setContext)),
  );
  cmd.addCommand(new Command("delete-context").description("remove a context").argument("<name>").action(run(deleteContext)));
  return cmd;
}
