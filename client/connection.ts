import fs from "node:fs";
import path from "node:path";
import { configPath, contextToken, findContext, loadConfig, type ClientConfig, type Context } from "./config.ts";

/** Where a client (agent, CLI, TUI) finds its server, and with which token. */
export interface ClientTarget {
  url: string;
  token: string | null;
  /** Which source won, for error messages. */
  source: string;
  /** The context in use, when a config file's context gave the server. */
  context: string | null;
  /** That context's default namespace. */
  namespace: string | null;
}

/**
 * Resolves the server URL and token, first found wins:
 * 1. flags: `--server` / `--token`, then the context named by `--context`;
 * 2. environment: the context named by DROVER_CONTEXT, then DROVER_SERVER / DROVER_TOKEN;
 * 3. the quickstart's `./.drover/server.json` and `./.drover/admin.token`;
 * 4. the config file's current context (see client/config.ts).
 * A token is taken from ./.drover/ only for a server that did not come from a context.
 */
export function resolveTarget(
  flags: { server?: string | null; token?: string | null; dataDir?: string | null; context?: string | null },
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): ClientTarget {
  const dataDir = path.resolve(cwd, flags.dataDir ?? env.DROVER_DATA_DIR ?? ".drover");
  const file = configPath(env);
  let config: ClientConfig | null = null;
  const loaded = () => (config ??= loadConfig(file));
  const explicitName = flags.context ?? env.DROVER_CONTEXT ?? null;
  const explicit = explicitName ? findContext(loaded(), explicitName, file) : null;

  let url = flags.server ?? explicit?.server ?? env.DROVER_SERVER ?? null;
  let source = flags.server ? "--server" : explicit?.server ? `context ${explicit.name}` : env.DROVER_SERVER ? "DROVER_SERVER" : "";
  let inUse: Context | null = explicit;
  if (!url) {
    const serverFile = path.join(dataDir, "server.json");
    try {
      url = (JSON.parse(fs.readFileSync(serverFile, "utf8")) as { url?: string }).url ?? null;
      source = serverFile;
    } catch {
      url = null;
    }
  }
  if (!url && !explicit) {
    const current = findContext(loaded(), null, file);
    if (current?.server) {
      url = current.server;
      source = `context ${current.name}`;
      inUse = current;
    }
  }
  if (!url) {
    url = "http://127.0.0.1:4000/graphql";
    source = "default";
  }
  let token = flags.token ?? (explicit ? contextToken(explicit, file) : null) ?? env.DROVER_TOKEN ?? null;
  if (!token && inUse && inUse !== explicit) token = contextToken(inUse, file);
  if (!token && !inUse) {
    try {
      token = fs.readFileSync(path.join(dataDir, "admin.token"), "utf8").trim() || null;
    } catch {
      token = null;
    }
  }
  return { url: normaliseUrl(url), token, source, context: inUse?.name ?? null, namespace: inUse?.namespace ?? null };
}

/** Accepts "host:port", "http://host:port" or the full /graphql URL. */
export function normaliseUrl(raw: string): string {
  let u = raw.trim();
  if (!/^[a-z]+:\/\//i.test(u)) u = `http://${u}`;
  const parsed = new URL(u);
  if (parsed.pathname === "/" || parsed.pathname === "") parsed.pathname = "/graphql";
  return parsed.toString().replace(/\/$/, "");
}

export function wsUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http/i, "ws");
}
