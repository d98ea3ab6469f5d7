// The reference for the jobs list: raw node:http plus the driver
// (better-sqlite3, or pg on PostgreSQL) reading the same 50 jobs from Drover's
// own database with the same latest-run join, answered as the same JSON a
// GraphQL jobs page returns. POST /list, or /list-count for totalCount too.
import Database from "better-sqlite3";
import pg from "pg";
import { serveRaw } from "./raw-http.ts";

const url = process.env.DATABASE_URL!;
const PAGE = 50;

// The newest run of each job on the page: one correlated lookup per row, on Run's (jobId, createdAt) index.
const LIST_SQL = `SELECT j."id", j."name", j."namespace", j."type", j."state", j."stateMessage", j."version", j."revision", j."updatedAt",
    r."id" AS "runId", r."state" AS "runState", r."createdAt" AS "runCreatedAt", r."finishedAt" AS "runFinishedAt"
  FROM "Job" j
  LEFT JOIN "Run" r ON r."id" = (SELECT r2."id" FROM "Run" r2 WHERE r2."jobId" = j."id" ORDER BY r2."createdAt" DESC, r2."id" DESC LIMIT 1)
  ORDER BY j."id" LIMIT ${PAGE + 1}`;
const COUNT_SQL = `SELECT count(*) AS "n" FROM "Job"`;

type Row = Record<string, unknown>;

function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "number" || (typeof v === "string" && /^\d+$/.test(v))) return new Date(Number(v)).toISOString();
  return new Date(String(v)).toISOString();
}

function page(rows: Row[], totalCount: number | null): string {
  const edges = rows.slice(0, PAGE).map((r) => ({
    node: {
      id: r.id,
      name: r.name,
      namespace: r.namespace,
      type: String(r.type).toUpperCase(),
      status: {
        state: { stateType: r.state, message: r.stateMessage },
        version: r.version,
        revision: r.revision,
        updatedAt: iso(r.updatedAt),
        latestRun: r.runId ? { id: r.runId, state: r.runState, createdAt: iso(r.runCreatedAt), finishedAt: iso(r.runFinishedAt) } : null,
      },
    },
  }));
  const jobs: Row = { pageInfo: { hasNextPage: rows.length > PAGE, endCursor: edges.at(-1)?.node.id ?? null }, edges };
  if (totalCount !== null) jobs.totalCount = totalCount;
  return JSON.stringify({ data: { jobs } });
}

let read: (withCount: boolean) => Promise<string>;
let close: () => Promise<void>;
if (url.startsWith("file:")) {
  const db = new Database(url.slice("file:".length), { readonly: true });
  const list = db.prepare(LIST_SQL);
  const count = db.prepare(COUNT_SQL);
  read = async (withCount) => page(list.all() as Row[], withCount ? Number((count.get() as Row).n) : null);
  close = async () => void db.close();
} else {
  const pool = new pg.Pool({ connectionString: url });
  read = async (withCount) => {
    const [rows, n] = await Promise.all([pool.query(LIST_SQL), withCount ? pool.query(COUNT_SQL) : null]);
    return page(rows.rows, n ? Number(n.rows[0].n) : null);
  };
  close = () => pool.end();
}

await serveRaw((path) => read(path === "/list-count"), () => close());
