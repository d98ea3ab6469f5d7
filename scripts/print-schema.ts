// Prints schema.graphql from the Pothos builder. `--check` exits 1 when the
// checked-in file differs (the test suite runs the same comparison).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { printSchema } from "graphql";
import { schema } from "../server/graphql/schema/index.ts";

export const SCHEMA_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "schema.graphql");

export function renderSchema(): string {
  return (
    "# Drover's GraphQL schema, printed from the builder by `npm run schema:print`. Do not edit.\n\n" +
    printSchema(schema) +
    "\n"
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const text = renderSchema();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
    if (current !== text) {
      console.error("schema.graphql is stale: run `npm run schema:print`");
      process.exit(1);
    }
    console.log("schema.graphql is up to date");
  } else {
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  }
}
