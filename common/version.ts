import { createRequire } from "node:module";

/** Drover's version, from package.json: the one number the server, the agent and the command line report. */
export const DROVER_VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;
