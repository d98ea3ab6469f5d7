// Whether dist/ (scripts/build.ts) still matches the sources it was built
// from: plain JavaScript, as it runs before any loader.
import { readFileSync, statSync } from "node:fs";

/**
 * True when `root`/dist/build.json exists and every source file it lists has
 * the mtime it had when built. False after any edit, checkout or removal, or
 * when the operator asks for the sources with DROVER_FROM_SOURCE=1.
 */
export function buildIsCurrent(root, env = process.env) {
  if (env.DROVER_FROM_SOURCE === "1") return false;
  try {
    const { inputs } = JSON.parse(readFileSync(new URL("dist/build.json", root), "utf8"));
    const files = Object.entries(inputs);
    if (files.length === 0) return false;
    for (const [file, mtimeMs] of files) {
      if (statSync(new URL(file, root)).mtimeMs !== mtimeMs) return false;
    }
    return true;
  } catch {
    return false;
  }
}
