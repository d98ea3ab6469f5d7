// Which database a URL names, and where a SQLite URL's file is.
import path from "node:path";
import { fileURLToPath } from "node:url";

export type DatabaseProvider = "sqlite" | "postgresql";

/**
 * `postgres://…` / `postgresql://…` → PostgreSQL; `file:…` or a plain path →
 * SQLite. Anything else (`mysql://…`) is an error.
 */
export function providerFromUrl(url: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (/^file:/i.test(url)) return "sqlite";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new Error(`unsupported database URL "${redactUrl(url)}": use file:<path> (SQLite) or postgresql://… (PostgreSQL)`);
  }
  return "sqlite";
}

/**
 * The file a SQLite URL points at, absolute (relative paths are taken from
 * `cwd`). `file:./x.db`, `file:/abs/x.db`, `file:///abs/x.db` and `./x.db` all
 * work; a `?query` is ignored. `:memory:` stays `:memory:`.
 */
export function sqliteFilePath(url: string, cwd = process.cwd()): string {
  let p = url;
  if (/^file:\/\//i.test(p)) p = fileURLToPath(p.replace(/\?.*$/, ""));
  else if (/^file:/i.test(p)) p = p.slice("file:".length).replace(/\?.*$/, "");
  if (p === ":memory:") return p;
  if (p === "") throw new Error(`SQLite URL "${url}" names no file`);
  return path.resolve(cwd, p);
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
}

/** `file:<cwd>/.drover/drover.db`: where a server keeps its SQLite database by default. */
export function defaultDatabaseUrl(cwd = process.cwd()): string {
  return `file:${path.join(path.resolve(cwd), ".drover", "drover.db")}`;
}
