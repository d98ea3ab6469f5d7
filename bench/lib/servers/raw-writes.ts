// The reference for API writes: raw node:http plus the driver writing, in one
// transaction, into its own copy of Drover's tables (DATABASE_URL: an SQLite
// file, or a PostgreSQL database where it uses its own schema):
//   POST /submit-job {"name"}: the job, its first version, an evaluation for the scheduler, one event with the next seq;
//   POST /register-node {"nodeId"}: the node, its label rows, a token row, one event with the next seq.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { serveRaw } from "./raw-http.ts";

const url = process.env.DATABASE_URL!;
const sqlite = url.startsWith("file:");
const T = sqlite ? { json: "TEXT", time: "TEXT" } : { json: "JSONB", time: "TIMESTAMPTZ(3)" };

// Drover's columns and indexes for these tables (its first migration).
const DDL = [
  `CREATE TABLE "Job" ("id" TEXT PRIMARY KEY, "namespace" TEXT NOT NULL, "name" TEXT NOT NULL, "type" TEXT NOT NULL, "priority" INTEGER NOT NULL,
    "spec" ${T.json} NOT NULL, "version" INTEGER NOT NULL, "revision" INTEGER NOT NULL, "state" TEXT NOT NULL, "stateMessage" TEXT NOT NULL,
    "stateDetails" ${T.json} NOT NULL, "deploymentId" TEXT, "nextFireAt" ${T.time}, "createdAt" ${T.time} NOT NULL, "updatedAt" ${T.time} NOT NULL)`,
  `CREATE UNIQUE INDEX "Job_namespace_name_key" ON "Job" ("namespace", "name")`,
  `CREATE INDEX "Job_namespace_state_idx" ON "Job" ("namespace", "state")`,
  `CREATE INDEX "Job_state_idx" ON "Job" ("state")`,
  `CREATE INDEX "Job_type_idx" ON "Job" ("type")`,
  `CREATE TABLE "JobVersion" ("id" TEXT PRIMARY KEY, "jobId" TEXT NOT NULL REFERENCES "Job" ("id") ON DELETE CASCADE, "version" INTEGER NOT NULL,
    "spec" ${T.json} NOT NULL, "sourceVersion" INTEGER, "createdAt" ${T.time} NOT NULL)`,
  `CREATE UNIQUE INDEX "JobVersion_jobId_version_key" ON "JobVersion" ("jobId", "version")`,
  `CREATE TABLE "Evaluation" ("id" TEXT PRIMARY KEY, "jobId" TEXT NOT NULL REFERENCES "Job" ("id") ON DELETE CASCADE, "namespace" TEXT NOT NULL,
    "triggeredBy" TEXT NOT NULL, "priority" INTEGER NOT NULL, "jobVersion" INTEGER NOT NULL, "status" TEXT NOT NULL, "statusMessage" TEXT NOT NULL,
    "placement" ${T.json}, "runId" TEXT, "waitUntil" ${T.time}, "claimedBy" TEXT, "claimedUntil" ${T.time}, "createdAt" ${T.time} NOT NULL, "updatedAt" ${T.time} NOT NULL)`,
  `CREATE INDEX "Evaluation_status_priority_createdAt_idx" ON "Evaluation" ("status", "priority", "createdAt")`,
  `CREATE INDEX "Evaluation_jobId_createdAt_idx" ON "Evaluation" ("jobId", "createdAt")`,
  `CREATE TABLE "Event" ("seq" BIGINT PRIMARY KEY, "at" ${T.time} NOT NULL, "type" TEXT NOT NULL, "namespace" TEXT, "jobId" TEXT, "executionId" TEXT,
    "runId" TEXT, "nodeId" TEXT, "rolloutId" TEXT, "snapshot" ${T.json} NOT NULL)`,
  `CREATE INDEX "Event_jobId_seq_idx" ON "Event" ("jobId", "seq")`,
  `CREATE INDEX "Event_namespace_seq_idx" ON "Event" ("namespace", "seq")`,
  `CREATE INDEX "Event_at_idx" ON "Event" ("at")`,
  `CREATE TABLE "Node" ("id" TEXT PRIMARY KEY, "hostname" TEXT NOT NULL, "capacity" INTEGER NOT NULL, "state" TEXT NOT NULL, "labels" ${T.json} NOT NULL,
    "runtimes" ${T.json} NOT NULL, "agentVersion" TEXT, "lastHeartbeatAt" ${T.time}, "registeredAt" ${T.time} NOT NULL, "updatedAt" ${T.time} NOT NULL, "revision" INTEGER NOT NULL)`,
  `CREATE INDEX "Node_state_idx" ON "Node" ("state")`,
  `CREATE TABLE "NodeLabel" ("nodeId" TEXT NOT NULL REFERENCES "Node" ("id") ON DELETE CASCADE, "key" TEXT NOT NULL, "value" TEXT NOT NULL, PRIMARY KEY ("nodeId", "key"))`,
  `CREATE INDEX "NodeLabel_key_value_idx" ON "NodeLabel" ("key", "value")`,
  `CREATE TABLE "ApiToken" ("id" TEXT PRIMARY KEY, "hash" TEXT NOT NULL, "kind" TEXT NOT NULL, "nodeId" TEXT, "createdAt" ${T.time} NOT NULL)`,
  `CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken" ("hash")`,
  `CREATE TABLE "SeqCounter" ("name" TEXT PRIMARY KEY, "value" BIGINT NOT NULL)`,
  `INSERT INTO "SeqCounter" ("name", "value") VALUES ('event', 0)`,
];

const INSERTS = {
  seq: `UPDATE "SeqCounter" SET "value" = "value" + 1 WHERE "name" = 'event' RETURNING "value"`,
  job: `INSERT INTO "Job" ("id", "namespace", "name", "type", "priority", "spec", "version", "revision", "state", "stateMessage", "stateDetails", "createdAt", "updatedAt")
    VALUES ($1, $2, $3, $4, 50, $5, 1, 1, 'PENDING', '', '{}', $6, $7)`,
  version: `INSERT INTO "JobVersion" ("id", "jobId", "version", "spec", "createdAt") VALUES ($1, $2, 1, $3, $4)`,
  evaluation: `INSERT INTO "Evaluation" ("id", "jobId", "namespace", "triggeredBy", "priority", "jobVersion", "status", "statusMessage", "createdAt", "updatedAt")
    VALUES ($1, $2, $3, 'job-submit', 50, 1, 'PENDING', '', $4, $5)`,
  event: `INSERT INTO "Event" ("seq", "at", "type", "namespace", "jobId", "snapshot") VALUES ($1, $2, 'JOB_CREATED', $3, $4, $5)`,
  node: `INSERT INTO "Node" ("id", "hostname", "capacity", "state", "labels", "runtimes", "lastHeartbeatAt", "registeredAt", "updatedAt", "revision")
    VALUES ($1, $2, 4, 'READY', $3, '{}', $4, $5, $6, 1)`,
  label: `INSERT INTO "NodeLabel" ("nodeId", "key", "value") VALUES ($1, $2, $3)`,
  token: `INSERT INTO "ApiToken" ("id", "hash", "kind", "nodeId", "createdAt") VALUES ($1, $2, 'node', $3, $4)`,
  nodeEvent: `INSERT INTO "Event" ("seq", "at", "type", "nodeId", "snapshot") VALUES ($1, $2, 'NODE_REGISTERED', $3, $4)`,
};

const LABELS = { pool: "rate", zone: "z1" };
/** A node token as an agent gets one: random secret, stored hashed. */
function tokenHash(): string {
  return createHash("sha256").update(randomBytes(32)).digest("hex");
}

/** About the size and shape of the normalised spec Drover stores for the same submission. */
function specOf(name: string): string {
  return JSON.stringify({
    name, namespace: "default", type: "ops", description: "", labels: {}, meta: {}, priority: 50, config: {},
    selector: { matchLabels: { bench: "nowhere" }, matchExpressions: [] },
    deployment: { strategy: "rolling", maxParallel: 1, canary: null, healthCheck: null },
    timeouts: { queue: null, run: null }, restartPolicy: { policy: "never", maxRestarts: 0, backoff: "10s" },
    schedule: null, timeZone: "UTC", overlapPolicy: "skip", catchUp: 1, image: null, command: "echo hello", args: null, env: {}, workingDir: null, tags: [],
  });
}

type Write = (key: string) => Promise<string>;
let submit: Write;
let register: Write;
let close: () => Promise<void>;
if (sqlite) {
  const db = new Database(url.slice("file:".length));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  for (const sql of DDL) db.exec(sql);
  const s = Object.fromEntries(Object.entries(INSERTS).map(([k, sql]) => [k, db.prepare(sql.replace(/\$\d+/g, "?"))]));
  const tx = db.transaction((name: string) => {
    const id = randomUUID();
    const now = new Date().toISOString();
    const spec = specOf(name);
    const seq = (s.seq.get() as { value: number }).value;
    s.job.run(id, "default", name, "ops", spec, now, now);
    s.version.run(randomUUID(), id, spec, now);
    s.evaluation.run(randomUUID(), id, "default", now, now);
    s.event.run(seq, now, "default", id, JSON.stringify({ id, name, namespace: "default", version: 1, revision: 1, state: "PENDING" }));
    return id;
  });
  submit = async (name) => tx(name);
  const nodeTx = db.transaction((nodeId: string) => {
    const now = new Date().toISOString();
    const seq = (s.seq.get() as { value: number }).value;
    s.node.run(nodeId, nodeId.replace(/^node-/, "host-"), JSON.stringify(LABELS), now, now, now);
    for (const [k, v] of Object.entries(LABELS)) s.label.run(nodeId, k, v);
    s.token.run(randomUUID(), tokenHash(), nodeId, now);
    s.nodeEvent.run(seq, now, nodeId, JSON.stringify({ id: nodeId, state: "READY", labels: LABELS }));
    return nodeId;
  });
  register = async (nodeId) => nodeTx(nodeId);
  close = async () => void db.close();
} else {
  const pool = new pg.Pool({ connectionString: url });
  const init = await pool.connect();
  await init.query(`CREATE SCHEMA IF NOT EXISTS raw_reference`);
  await init.query(`SET search_path TO raw_reference`);
  for (const sql of DDL) await init.query(sql);
  init.release();
  const inTransaction = async (work: (c: pg.PoolClient) => Promise<string>) => {
    const c = await pool.connect();
    try {
      await c.query(`SET search_path TO raw_reference`);
      await c.query("BEGIN");
      const out = await work(c);
      await c.query("COMMIT");
      return out;
    } catch (err) {
      await c.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  };
  register = (nodeId) =>
    inTransaction(async (c) => {
      const now = new Date().toISOString();
      const seq = (await c.query(INSERTS.seq)).rows[0].value;
      await c.query(INSERTS.node, [nodeId, nodeId.replace(/^node-/, "host-"), JSON.stringify(LABELS), now, now, now]);
      for (const [k, v] of Object.entries(LABELS)) await c.query(INSERTS.label, [nodeId, k, v]);
      await c.query(INSERTS.token, [randomUUID(), tokenHash(), nodeId, now]);
      await c.query(INSERTS.nodeEvent, [seq, now, nodeId, JSON.stringify({ id: nodeId, state: "READY", labels: LABELS })]);
      return nodeId;
    });
  submit = async (name) => {
    const c = await pool.connect();
    try {
      await c.query(`SET search_path TO raw_reference`);
      await c.query("BEGIN");
      const id = randomUUID();
      const now = new Date().toISOString();
      const spec = specOf(name);
      const seq = (await c.query(INSERTS.seq)).rows[0].value;
      await c.query(INSERTS.job, [id, "default", name, "ops", spec, now, now]);
      await c.query(INSERTS.version, [randomUUID(), id, spec, now]);
      await c.query(INSERTS.evaluation, [randomUUID(), id, "default", now, now]);
      await c.query(INSERTS.event, [seq, now, "default", id, JSON.stringify({ id, name, namespace: "default", version: 1, revision: 1, state: "PENDING" })]);
      await c.query("COMMIT");
      return id;
    } catch (err) {
      await c.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  };
  close = () => pool.end();
}

await serveRaw(async (path, text) => {
  const body = JSON.parse(text) as { name?: string; nodeId?: string };
  let answer: unknown;
  if (path === "/register-node") {
    if (typeof body.nodeId !== "string" || !/^node-[a-z0-9-]{1,60}$/.test(body.nodeId)) throw new Error("invalid nodeId");
    answer = { registerNode: { node: { id: await register(body.nodeId) } } };
  } else {
    if (typeof body.name !== "string" || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(body.name)) throw new Error("invalid name");
    answer = { submitJob: { job: { id: await submit(body.name), name: body.name } } };
  }
  return JSON.stringify({ data: answer });
}, () => close());
