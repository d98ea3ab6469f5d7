import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed GraphQL documents for Drover's clients (the agent and the TUI).
 * `npm run codegen` writes client/gql/ from schema.graphql and every `graphql(...)`
 * call; `npm run typecheck` runs it with --check first, so a schema change that
 * breaks a client document fails the build.
 */
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["agent/**/*.ts", "tui/**/*.{ts,tsx}"],
  ignoreNoDocuments: true,
  importExtension: ".ts",
  generates: {
    "client/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: {
          DateTime: "string",
          JSON: "unknown",
          StringMap: "Record<string, string>",
          Seq: "number",
        },
      },
    },
  },
};

export default config;
