// Derives prisma/sqlite/schema.prisma and prisma/postgresql/schema.prisma from the
// single data model in prisma/models.prisma. Prisma pins one provider per schema,
// so each database gets its own schema file, generated client and migrations.
//
//   tsx scripts/derive-schemas.ts          write the derived schemas
//   tsx scripts/derive-schemas.ts --check  exit 1 when a derived schema on disk is stale
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: readonly Provider[] = ["sqlite", "postgresql"];

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const MODELS_PATH = path.join(ROOT, "prisma", "models.prisma");

/** Where the derived schema of a provider lives. */
export function schemaPath(provider: Provider, root = ROOT): string {
  return path.join(root, "prisma", provider, "schema.prisma");
}

/** Every derived schema file of the checked-in layout, by provider. */
export interface DerivedSchemas {
  sqlite: string;
  postgresql: string;
}

function header(provider: Provider): string {
  return [
    "// Generated from prisma/models.prisma by scripts/derive-schemas.ts. Do not edit:",
    "// change prisma/models.prisma and run `npm run db:derive` (then",
    "// `npm run db:migration:create -- <name>`).",
    `// Provider: ${provider}.`,
    "",
  ].join("\n");
}

function blocks(provider: Provider): string {
  // Paths in a schema are relative to the schema file (prisma/<provider>/).
  const client = [
    "generator client {",
    '  provider               = "prisma-client"',
    `  output                 = "../../server/db/generated/${provider}"`,
    '  runtime                = "nodejs"',
    '  moduleFormat           = "esm"',
    '  generatedFileExtension = "ts"',
    '  importFileExtension    = "ts"',
    // The query compiler built for size: about 80 MB less resident memory per server than the
    // "fast" build, with no difference the benchmarks can see (the hottest paths bypass Prisma).
    '  compilerBuild          = "small"',
    "}",
  ];
  const pothos = [
    "generator pothos {",
    '  provider          = "prisma-pothos-types"',
    '  output            = "../../server/db/generated/pothos-types.ts"',
    '  clientOutput      = "./sqlite/client.ts"',
    "  generateDatamodel = true",
    "}",
  ];
  const datasource = ["datasource db {", `  provider = "${provider}"`, "}"];
  const out = [...datasource, "", ...client];
  if (provider === "sqlite") out.push("", ...pothos);
  return out.join("\n") + "\n";
}

/** The derived schema text of one provider for the given models source. */
export function deriveSchema(provider: Provider, models: string): string {
  const body = models.replace(/\r\n/g, "\n").replace(/^\s*\n/, "").trimEnd() + "\n";
  const code = body.replace(/\/\/.*$/gm, "");
  if (/^\s*(datasource|generator)\s+\w+\s*\{/m.test(code)) {
    throw new Error("prisma/models.prisma must not contain datasource or generator blocks; they are derived");
  }
  if (/@db\./.test(code)) {
    throw new Error("prisma/models.prisma must not use @db.* native types (one source serves both databases)");
  }
  return header(provider) + "\n" + blocks(provider) + "\n" + body;
}

/** The derived schemas of both providers, read from prisma/models.prisma (or the given text). */
export function deriveSchemas(models = fs.readFileSync(MODELS_PATH, "utf8")): DerivedSchemas {
  return { sqlite: deriveSchema("sqlite", models), postgresql: deriveSchema("postgresql", models) };
}

/** The providers whose schema on disk differs from what would be derived now. */
export function staleSchemas(root = ROOT): Provider[] {
  const derived = deriveSchemas(fs.readFileSync(path.join(root, "prisma", "models.prisma"), "utf8"));
  return PROVIDERS.filter((p) => {
    const file = schemaPath(p, root);
    return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== derived[p];
  });
}

/** Writes the derived schemas that changed; returns the paths written. */
export function writeDerivedSchemas(root = ROOT): string[] {
  const derived = deriveSchemas(fs.readFileSync(path.join(root, "prisma", "models.prisma"), "utf8"));
  const written: string[] = [];
  for (const p of PROVIDERS) {
    const file = schemaPath(p, root);
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === derived[p]) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, derived[p]);
    written.push(file);
  }
  return written;
}

function main(argv: string[]): number {
  if (argv.includes("--check")) {
    const stale = staleSchemas();
    if (stale.length > 0) {
      for (const p of stale) {
        console.error(`${path.relative(process.cwd(), schemaPath(p))} is stale: run \`npm run db:derive\``);
      }
      return 1;
    }
    console.log("derived schemas are up to date");
    return 0;
  }
  const written = writeDerivedSchemas();
  if (written.length === 0) console.log("derived schemas are up to date");
  for (const f of written) console.log(`wrote ${path.relative(process.cwd(), f)}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
