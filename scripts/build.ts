// npm run build — dist/, what `drover` runs: one esbuild pass over the command
// line's entry (cli/main.ts) with every package left external and each module
// that is imported on demand in a chunk of its own, so a command loads only
// what it uses. Run after `npm run generate` (the Prisma clients are sources).
//
// Running the build instead of the sources through tsx: an idle server
// resident about 60 MB smaller (tsx's loader keeps a thread and its caches),
// and a command starting in about half the time (README, Hot paths).
//
// dist/build.json records every source file in the build with its mtime;
// bin/drover.js runs dist/ only while those still match, and the sources
// through tsx otherwise, so an edit is never run stale.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "dist");

/** How Drover's sources are built; the benchmarks build their server processes the same way. */
export const BUILD_OPTIONS = {
  absWorkingDir: ROOT,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  packages: "external",
  jsx: "automatic",
  logLevel: "warning",
  // The sources keep their names in stack traces and profiles.
  keepNames: true,
} satisfies esbuild.BuildOptions;

export interface BuildManifest {
  /** Source path (relative to the install folder) → its mtimeMs when built. */
  inputs: Record<string, number>;
}

/** Builds into `out` (dist/ by default; any folder inside the install folder works, as the code finds that from itself). */
export async function build(out = OUT): Promise<{ files: number; bytes: number; inputs: number }> {
  // A fresh folder: chunk names carry hashes, and a stale chunk must not linger.
  const staging = `${out}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = await esbuild.build({
    ...BUILD_OPTIONS,
    entryPoints: { main: "cli/main.ts" },
    outdir: staging,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    metafile: true,
  });
  const inputs: BuildManifest["inputs"] = {};
  for (const file of Object.keys(result.metafile.inputs).sort()) inputs[file] = fs.statSync(path.join(ROOT, file)).mtimeMs;
  fs.writeFileSync(path.join(staging, "build.json"), JSON.stringify({ inputs } satisfies BuildManifest, null, 1) + "\n");
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(staging, out);
  const outputs = Object.values(result.metafile.outputs);
  return { files: outputs.length, bytes: outputs.reduce((n, o) => n + o.bytes, 0), inputs: Object.keys(inputs).length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await build();
  process.stdout.write(`build: dist/ from ${r.inputs} sources (${r.files} files, ${Math.round(r.bytes / 1024)} KB)\n`);
}
