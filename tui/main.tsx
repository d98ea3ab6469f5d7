import React from "react";
import { render } from "ink";
import { resolveTarget } from "../client/connection.ts";
import { DroverClient } from "./api/client.ts";
import { App } from "./app.tsx";

export interface TuiOptions {
  server?: string | null;
  token?: string | null;
  namespace?: string | null;
  dataDir?: string | null;
}

/**
 * Runs the terminal UI until the operator quits. With no flags it finds the
 * quickstart's server and token in ./.drover, like the rest of the CLI.
 */
export async function runTui(opts: TuiOptions): Promise<void> {
  const target = resolveTarget({ server: opts.server ?? null, token: opts.token ?? null, dataDir: opts.dataDir ?? null });
  if (!target.token) {
    process.stderr.write("drover tui: no token: pass --token, set DROVER_TOKEN, or run it next to a quickstart server (./.drover/admin.token)\n");
    process.exitCode = 2;
    return;
  }
  const client = new DroverClient(target.url, target.token);
  // The alternate screen keeps the operator's scrollback clean and gives a full-screen canvas.
  const fullScreen = process.stdout.isTTY;
  if (fullScreen) process.stdout.write("\u001b[?1049h\u001b[H");
  try {
    const app = render(<App client={client} namespace={opts.namespace ?? null} />, { exitOnCtrlC: true });
    await app.waitUntilExit();
  } finally {
    if (fullScreen) process.stdout.write("\u001b[?1049l");
    await client.close();
  }
}
