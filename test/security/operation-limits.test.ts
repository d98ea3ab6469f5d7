import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createYoga } from "graphql-yoga";
import { parse as parseDocument } from "graphql";
import * as documents from "../../client/gql/graphql.ts";
import { schema } from "../../server/graphql/schema/index.ts";
import { DEFAULT_OPERATION_LIMITS, operationLimitPlugins } from "../../server/graphql/limits.ts";
import { graphiqlOptions } from "../../server/http/graphiql.ts";

// The operation limits must never refuse what Drover's own clients send: the
// agent's and the TUI's generated documents, the command line's, and the
// GraphiQL examples. This runs each through the same parse and validate the
// server uses, with the server's limits.

const yoga = createYoga({ schema, plugins: operationLimitPlugins() });

function check(source: string): unknown[] {
  const { parse, validate, schema: s } = yoga.getEnveloped({});
  try {
    return validate(s, parse(source)).filter((e: { extensions?: unknown }) => (e.extensions as { code?: string })?.code === "LIMIT_EXCEEDED");
  } catch (err) {
    return [err];
  }
}

/** Backtick strings in the command line's sources that are whole GraphQL operations. */
function cliOperations(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) {
        for (const m of fs.readFileSync(p, "utf8").matchAll(/`\s*((?:query|mutation|subscription)\b[^`]*)`/g)) {
          const text = m[1]!;
          if (text.includes("${")) continue;
          try {
            parseDocument(text);
            out.push(text);
          } catch {
            // a sentence that starts with "query", not an operation
          }
        }
      }
    }
  };
  walk(path.resolve(import.meta.dirname, "../../cli"));
  return out;
}

describe("operation limits", () => {
  it("let every document Drover's clients send through", () => {
    const generated = Object.values(documents).filter((d: unknown) => d instanceof documents.TypedDocumentString);
    const examples = (graphiqlOptions().defaultTabs ?? []).map((t) => t.query ?? "");
    const all = [...generated.map(String), ...examples, ...cliOperations()];
    expect(generated.length).toBeGreaterThan(20);
    expect(examples.length).toBe(4);
    for (const source of all) expect({ source: source.slice(0, 80), refused: check(source) }).toEqual({ source: source.slice(0, 80), refused: [] });
  });

  it("refuse each kind of oversized operation with LIMIT_EXCEEDED naming the limit", () => {
    const aliases = `{ ${Array.from({ length: DEFAULT_OPERATION_LIMITS.aliases + 1 }, (_, i) => `a${i}: jobs { totalCount }`).join(" ")} }`;
    let deep = "name";
    for (let i = 0; i < DEFAULT_OPERATION_LIMITS.depth + 1; i++) deep = `ofType { ${deep} }`;
    const tokens = `{ jobs { ${Array.from({ length: DEFAULT_OPERATION_LIMITS.tokens }, () => "totalCount").join(" ")} } }`;
    // Cheap in aliases and depth, costly in breadth: 30 pages of 100 jobs with their specs.
    const cost = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: jobs(first: 100) { edges { node { id name spec { command image labels selector { matchLabels } } status { version revision } } } }`).join(" ")} }`;
    for (const [limit, source] of [["aliases", aliases], ["depth", `{ __type(name: "Job") { ${deep} } }`], ["tokens", tokens], ["cost", cost]] as const) {
      const [err] = check(source) as { extensions?: Record<string, unknown> }[];
      expect(err?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit });
    }
  });
});
