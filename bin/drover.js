#!/usr/bin/env node
// The `drover` command: runs the build in dist/ (npm run build, done by
// npm install) while it matches the sources, and the TypeScript sources
// through tsx's loader otherwise (after an edit, or with DROVER_FROM_SOURCE=1).
import { buildIsCurrent } from "./build-state.js";

// Production unless the operator says otherwise: graphql-js and React run
// their development-only checks otherwise (graphql-js's cross-realm
// instanceOf check on every type test cost 13 % of the log-ingest throughput
// in `npm run bench:logs`).
process.env.NODE_ENV ??= "production";

const root = new URL("../", import.meta.url);
if (buildIsCurrent(root)) {
  await import(new URL("dist/main.js", root).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../cli/main.ts");
}
