import fs from "node:fs";
import { normaliseUrl, resolveTarget, type ClientTarget } from "../client/connection.ts";

/**
 * The servers and token an agent starts with. Servers: every `--server`
 * (each may list several, comma-separated), else DROVER_SERVER (likewise),
 * else the quickstart's. Token: `--token`, else the file named by
 * `--token-file` (kept out of the process list, which any local user can
 * read), else DROVER_TOKEN, else the quickstart's admin token.
 */
export function agentTarget(
  flags: { servers?: string[]; token?: string | null; tokenFile?: string | null },
  env: NodeJS.ProcessEnv = process.env,
): { target: ClientTarget; serverUrls: string[] } {
  const listed = flags.servers?.length ? flags.servers : (env.DROVER_SERVER ?? "").split(",").map((u) => u.trim()).filter(Boolean);
  let token = flags.token ?? null;
  if (!token && flags.tokenFile) {
    token = fs.readFileSync(flags.tokenFile, "utf8").trim() || null;
    if (!token) throw new Error(`token file ${flags.tokenFile} is empty`);
  }
  const target = resolveTarget({ server: listed[0] ?? null, token }, env);
  const serverUrls = listed.length ? [...new Set(listed.map(normaliseUrl))] : [target.url];
  return { target, serverUrls };
}
