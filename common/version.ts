import fs from "node:fs";
import path from "node:path";
import { INSTALL_DIR } from "./install-dir.ts";

/** Drover's version, from package.json: the one number the server, the agent and the command line report. */
export const DROVER_VERSION: string = (JSON.parse(fs.readFileSync(path.join(INSTALL_DIR, "package.json"), "utf8")) as { version: string }).version;
