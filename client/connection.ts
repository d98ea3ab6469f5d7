import fs from "node:fs";
import path from "node:path";

/** Where a client (agent, CLI, TUI) finds its server, and with which token. */
export interface ClientTarget {
  url: string;
  token: string | null;
  /** Which source won, for error messages. */
  source: string;
}

/**
 * Resolves the server URL and token: flags, then DROVER_SERVER / DROVER_TOKEN,
 * then the quickstart's `./.drover/server.json` and `./.drover/admin.token`.
 */
export function resolveTarget(
  flags: { server?: string | null; token?: string | null; dataDir?: string | null },
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): ClientTarget {
  const dataDir = path.resolve(cwd, flags.dataDir ?? env.DROVER_DATA_DIR ?? ".drover");
  let url = flags.server ?? env.DROVER_SERVER ?? null;
  let source = flags.server ? "--server" : env.DROVER_SERVER ? "DROVER_SERVER" : "";
  if (!url) {
    const file = path.join(dataDir, "server.json");
    try {
      url = (JSON.parse(fs.readFileSync(file, "utf8")) as { url?: string }).url ?? null;
      source = file;
    } catch {
      url = null;
    }
  }
  if (!url) {
    url = "http://127.0.0.1:4000/graphql";
    source = "default";
  }
  let token = flags.token ?? env.DROVER_TOKEN ?? null;
  if (!token) {
    try {
      token = fs.readFileSync(path.join(dataDir, "admin.token"), "utf8").trim() || null;
    } catch {
      token = null;
    }
  }
  return { url: normaliseUrl(url), token, source };
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
