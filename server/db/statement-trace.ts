import { AsyncLocalStorage } from "node:async_hooks";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Which SQL statements one request (or one traced piece of work) issued,
 * through Prisma and through the direct-driver modules alike: what the
 * query-count and write-statement tests pin (a list page must cost the same
 * statements whatever its size; a submit, its fixed few). Off unless a sink is
 * installed or a trace is running; when off, each statement costs one store
 * lookup.
 */
const scope = new AsyncLocalStorage<string[]>();
let sink: ((statements: string[]) => void) | null = null;

/** Records one statement in the current request's trace, if it is traced. */
export function recordStatement(sql: string): void {
  scope.getStore()?.push(sql);
}

/**
 * The statements `fn` issued, through Prisma and the driver alike, BEGIN and
 * COMMIT included: what the write-statement tests pin. Statements of other
 * work running meanwhile (a control loop, the event tailer) are not in it.
 */
export async function traceStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const result = await scope.run(statements, fn);
  return { result, statements };
}

/** Routes the statements of every later request to `fn` (null: stop tracing). */
export function setStatementSink(fn: ((statements: string[]) => void) | null): void {
  sink = fn;
}

/**
 * Starts a trace for the request whose handling continues from the caller
 * (a Yoga onRequest hook) and returns the function that ends it, or null
 * when nothing is listening.
 */
export function beginRequestTrace(): (() => void) | null {
  if (!sink) return null;
  const to = sink;
  const statements: string[] = [];
  scope.enterWith(statements);
  return () => to(statements);
}

/** The adapter factory with every statement of its connections recorded. */
export function tracedAdapterFactory(inner: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      return traced(await inner.connect());
    },
  };
}

function traced<T extends SqlDriverAdapter | Transaction>(adapter: T): T {
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.queryRaw = (q) => {
    recordStatement(q.sql);
    return queryRaw(q);
  };
  adapter.executeRaw = (q) => {
    recordStatement(q.sql);
    return executeRaw(q);
  };
  if ("startTransaction" in adapter) {
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (level) => {
      const tx = await start(level);
      recordStatement("BEGIN");
      return traced(tx);
    };
  }
  return adapter;
}
