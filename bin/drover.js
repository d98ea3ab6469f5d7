#!/usr/bin/env node
// The `drover` command: loads the TypeScript sources through tsx's loader.
import { register } from "tsx/esm/api";

// Production unless the operator says otherwise: graphql-js and React run
// their development-only checks otherwise (graphql-js's cross-realm
// instanceOf check on every type test cost 13 % of the log-ingest throughput
// in `npm run bench:logs`).
process.env.NODE_ENV ??= "production";

register();
await import("../cli/main.ts");
