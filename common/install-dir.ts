import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder Drover is installed in (the one holding its package.json and
 * prisma/). Found by walking up from this module, so it is the same whether
 * the code runs from its sources (common/) or from the build (dist/).
 */
export const INSTALL_DIR: string = findInstallDir(path.dirname(fileURLToPath(import.meta.url)));

function findInstallDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === "drover") return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Drover package.json above ${from}`);
  }
}
