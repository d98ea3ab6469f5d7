import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const fixtures = path.join(root, "test/cli/fixtures");
/** The job files shipped in examples/, which the README's quickstart applies. */
export const examples = path.join(root, "examples");
/** An empty working directory, so no ./.drover/ of the repo is picked up. */
export const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "drover-cli-"));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `drover` binary as a child process. */
export function drover(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000, dir = cwd): Promise<CliResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("DROVER_")));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, "bin/drover.js"), ...args],
      { cwd: dir, env: { ...clean, NO_COLOR: "1", COLUMNS: "", ...env }, timeout: timeoutMs },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Writes a file into the scratch directory and returns its path. */
export function scratch(name: string, text: string): string {
  const file = path.join(cwd, name);
  fs.writeFileSync(file, text);
  return file;
}
