import { Command } from "commander";
import { resolveTarget } from "../../client/connection.ts";
import { DROVER_VERSION } from "../../common/version.ts";
import { printData } from "../output.ts";
import { run } from "../errors.ts";
import { withCommon, type CommonOptions } from "../api.ts";

/** The server's version from its open `/health` (no token needed); null when it cannot be asked. */
async function serverVersion(url: string): Promise<{ version: string | null; error: string | null }> {
  const health = new URL(url);
  health.pathname = "/health";
  try {
    const res = await fetch(health, { signal: AbortSignal.timeout(3000) });
    const body = (await res.json()) as { version?: string };
    return { version: body.version ?? "unknown (it does not report one)", error: null };
  } catch (err) {
    return { version: null, error: `cannot reach ${health.origin}: ${(err as Error).message}` };
  }
}

/** `drover version`: this client's version, and the server's when it answers (always exit 0). */
export function versionCommand(): Command {
  return withCommon(new Command("version"))
    .description("print the client's version, and the server's when it is reachable")
    .action(
      run(async (opts: CommonOptions) => {
        let url: string | null = null;
        try {
          url = resolveTarget({ server: opts.server ?? null, token: null, context: opts.context ?? null }).url;
        } catch {
          url = null;
        }
        const server = url ? await serverVersion(url) : { version: null, error: "no server configured" };
        if (opts.output && opts.output !== "table" && opts.output !== "wide") {
          return printData({ client: DROVER_VERSION, server: server.version, serverUrl: url }, opts.output as "json");
        }
        process.stdout.write(`Client: ${DROVER_VERSION}\n`);
        process.stdout.write(server.version ? `Server: ${server.version} (${url})\n` : `Server: - (${server.error})\n`);
      }),
    );
}
