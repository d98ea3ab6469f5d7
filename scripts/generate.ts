// Derives the per-provider schemas and generates both Prisma clients (plus the
// Pothos types) into server/db/generated/. Runs from `postinstall`, so
// `npm install && npm test` works on a fresh clone.
//
// The Prisma CLI wants its native schema engine even for `generate`, and cannot
// download it here. Generation never runs it, it only checks that the path in
// PRISMA_SCHEMA_ENGINE_BINARY exists, so point it at a placeholder that explains
// itself if anything ever executes it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PROVIDERS, ROOT, schemaPath, writeDerivedSchemas, type Provider } from "./derive-schemas.ts";

const require = createRequire(import.meta.url);
export const SCHEMA_ENGINE_PLACEHOLDER = path.join(ROOT, "scripts", "no-schema-engine.sh");

/** The environment `prisma generate` needs on a machine that cannot download engines. */
export function prismaEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const bin = path.join(ROOT, "node_modules", ".bin");
  return {
    ...base,
    PRISMA_SCHEMA_ENGINE_BINARY: SCHEMA_ENGINE_PLACEHOLDER,
    // generator providers such as prisma-pothos-types are looked up on PATH
    PATH: [bin, base.PATH ?? ""].filter(Boolean).join(path.delimiter),
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    PRISMA_DISABLE_WARNINGS: "1",
  };
}

function prismaCli(): string {
  // prisma's package.json maps the `prisma` bin to build/index.js
  const pkgJson = require.resolve("prisma/package.json");
  const pkg = JSON.parse(fs.readFileSync(pkgJson, "utf8")) as { bin: Record<string, string> | string };
  const rel = typeof pkg.bin === "string" ? pkg.bin : pkg.bin.prisma;
  return path.join(path.dirname(pkgJson), rel);
}

function generateOne(provider: Provider): Promise<{ provider: Provider; code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [prismaCli(), "generate", "--schema", path.relative(ROOT, schemaPath(provider))],
      { cwd: ROOT, env: prismaEnv(), stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (e) => resolve({ provider, code: 1, output: output + String(e) }));
    child.on("close", (code, signal) => resolve({ provider, code: code ?? (signal ? 1 : 0), output }));
  });
}

/** Derives the schemas and generates every client; throws with Prisma's output on failure. */
export async function generate(log: (line: string) => void = console.log): Promise<void> {
  for (const f of writeDerivedSchemas()) log(`generate: wrote ${path.relative(ROOT, f)}`);
  const results = await Promise.all(PROVIDERS.map(generateOne));
  const failed = results.filter((r) => r.code !== 0);
  if (failed.length > 0) {
    const detail = failed
      .map((r) => `--- prisma generate (${r.provider}) exited ${r.code} ---\n${r.output.trim()}`)
      .join("\n");
    throw new Error(`prisma generate failed for ${failed.map((r) => r.provider).join(", ")}\n${detail}`);
  }
  log(`generate: Prisma clients (${PROVIDERS.join(", ")}) and Pothos types in server/db/generated/`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  generate().catch((e: unknown) => {
    console.error(`\ngenerate: FAILED\n${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
