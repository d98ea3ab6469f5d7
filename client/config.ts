import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";

/**
 * The clients' config file, kubeconfig-like: named contexts, each a server with
 * its token (or a file holding it) and a default namespace, and the current one.
 *
 *   current-context: prod
 *   contexts:
 *     - name: prod
 *       server: https://drover.example.com/graphql
 *       tokenFile: ~/.config/drover/prod.token
 *       namespace: prod
 */
export interface Context {
  name: string;
  server?: string;
  token?: string;
  tokenFile?: string;
  namespace?: string;
}

export interface ClientConfig {
  "current-context"?: string;
  contexts: Context[];
}

/** A config file that cannot be read or is not the shape above. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** $DROVER_CONFIG, else $XDG_CONFIG_HOME/drover/config.yaml, else ~/.config/drover/config.yaml. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DROVER_CONFIG) return path.resolve(expandHome(env.DROVER_CONFIG, env));
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "drover", "config.yaml");
}

function expandHome(p: string, env: NodeJS.ProcessEnv = process.env): string {
  return p === "~" || p.startsWith("~/") ? path.join(env.HOME || os.homedir(), p.slice(1)) : p;
}

/** The config at `file`; an empty one when the file does not exist. */
export function loadConfig(file: string): ClientConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { contexts: [] };
    throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text) ?? {};
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (typeof doc !== "object" || Array.isArray(doc)) throw new ConfigError(`${file}: expected a mapping with contexts`);
  const raw = doc as Record<string, unknown>;
  const contexts = raw.contexts ?? [];
  if (!Array.isArray(contexts)) throw new ConfigError(`${file}: contexts must be a list`);
  const known = new Set(["name", "server", "token", "tokenFile", "namespace"]);
  contexts.forEach((c, i) => {
    if (!c || typeof c !== "object" || typeof (c as Context).name !== "string" || !(c as Context).name) {
      throw new ConfigError(`${file}: contexts[${i}] needs a name`);
    }
    for (const [k, v] of Object.entries(c)) {
      if (!known.has(k)) throw new ConfigError(`${file}: contexts[${i}].${k}: unknown field (known: ${[...known].join(", ")})`);
      if (typeof v !== "string") throw new ConfigError(`${file}: contexts[${i}].${k}: must be a string`);
    }
  });
  const current = raw["current-context"];
  if (current !== undefined && typeof current !== "string") throw new ConfigError(`${file}: current-context must be a string`);
  return { ...(current ? { "current-context": current } : {}), contexts: contexts as Context[] };
}

/** Writes the config (mode 0600: it may hold tokens), creating its directory. */
export function saveConfig(file: string, config: ClientConfig): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
}

/** The token of a context: inline, or read from its tokenFile (relative to the config file). */
export function contextToken(ctx: Context, file: string): string | null {
  if (ctx.token) return ctx.token;
  if (!ctx.tokenFile) return null;
  const tokenFile = path.resolve(path.dirname(file), expandHome(ctx.tokenFile));
  try {
    return fs.readFileSync(tokenFile, "utf8").trim() || null;
  } catch (err) {
    throw new ConfigError(`context ${ctx.name}: cannot read tokenFile ${tokenFile}: ${(err as Error).message}`);
  }
}

/** The named context, or the current one when no name is given; null when there is none. */
export function findContext(config: ClientConfig, name: string | null | undefined, file: string): Context | null {
  const wanted = name ?? config["current-context"];
  if (!wanted) return null;
  const ctx = config.contexts.find((c) => c.name === wanted);
  if (!ctx) {
    const names = config.contexts.map((c) => c.name);
    throw new ConfigError(`no context "${wanted}" in ${file}${names.length ? ` (there are: ${names.join(", ")})` : ""}`);
  }
  return ctx;
}
