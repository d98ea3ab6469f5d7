/**
 * DROVER_RESULT_FILE: where a broadcast execution writes its answer, JSON
 * `{changed, data}`. Each execution gets a fresh private directory (mode 0700)
 * so executions never see each other's answers and a stale file from an
 * earlier run can never be mistaken for this one's.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** Larger answers are refused: they go into a database row and a GraphQL payload. */
export const MAX_RESULT_BYTES = 1024 * 1024;

export interface ExecutionResult {
  /** `changed` as written; null when absent or not a boolean. */
  changed: boolean | null;
  data: unknown;
  /** Set when the file could not be used; the execution's own state is unaffected. */
  error?: string;
}

export interface ResultFile {
  dir: string;
  path: string;
}

export async function createResultFile(tmpRoot: string = os.tmpdir()): Promise<ResultFile> {
  const dir = await fs.mkdtemp(path.join(tmpRoot, "drover-exec-"));
  const file = path.join(dir, "result.json");
  // Created empty so `>>` and "does it exist" checks in job scripts behave.
  await fs.writeFile(file, "", { mode: 0o600 });
  return { dir, path: file };
}

/**
 * Reads the answer. An empty or missing file means "no answer" (undefined);
 * anything unusable becomes a result with `error`, never an exception, because
 * a job writing bad JSON is the job's failure to report, not the agent's crash.
 */
export async function readResultFile(file: string): Promise<ExecutionResult | undefined> {
  let raw: Buffer;
  try {
    const st = await fs.stat(file);
    if (st.size > MAX_RESULT_BYTES) {
      return { changed: null, data: null, error: `result file too large (${st.size} bytes; limit ${MAX_RESULT_BYTES})` };
    }
    raw = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    return { changed: null, data: null, error: `cannot read result file: ${(err as Error).message}` };
  }
  const text = raw.toString("utf-8").trim();
  if (text === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { changed: null, data: null, error: `invalid JSON in result file: ${(err as Error).message}` };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { changed: null, data: null, error: "result file must hold a JSON object {changed, data}" };
  }
  const obj = parsed as Record<string, unknown>;
  return {
    changed: typeof obj.changed === "boolean" ? obj.changed : null,
    data: obj.data === undefined ? null : obj.data,
  };
}

/**
 * DROVER_PAYLOAD_FILE: a run's payload, written beside the result file in
 * the execution's private directory (mode 0600 inside 0700), so it is
 * removed with that directory when the execution ends.
 */
export async function writePayloadFile(rf: ResultFile, payload: string): Promise<string> {
  const file = path.join(rf.dir, "payload");
  await fs.writeFile(file, payload, { mode: 0o600, flag: "wx" });
  return file;
}

export async function removeResultFile(rf: ResultFile): Promise<void> {
  await fs.rm(rf.dir, { recursive: true, force: true });
}
