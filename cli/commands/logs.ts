import { Command } from "commander";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { wsUrlOf } from "../../client/connection.ts";
import { RemoteError } from "../../client/graphql-http.ts";
import { connect, resolveJobId, withCommon, NotFound, type Api } from "../api.ts";
import { UsageError, run } from "../errors.ts";
import { paint, printData } from "../output.ts";

interface Line {
  executionId: string;
  lineNo: number;
  nodeId: string;
  stream: string;
  at: string;
  text: string;
}

const LINE_FIELDS = "executionId lineNo jobId runId nodeId stream at text";
const TERMINAL = new Set(["COMPLETE", "FAILED", "LOST", "STOPPED"]);

interface Opts {
  execution?: string;
  run?: string;
  namespace?: string;
  follow?: boolean;
  since?: string;
  tail?: string;
  filter?: string;
  server?: string;
  token?: string;
  output?: string;
}

function positive(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError(`${flag} must be an integer 1-10000`);
  return n;
}

/** Prints lines; one execution's lines bare, several executions' lines labelled `node exec │ text`. */
function printer(api: Api, labelled: boolean) {
  const seen = new Set<string>();
  return (lines: Line[]) => {
    let out = "";
    for (const l of lines) {
      const key = `${l.executionId}:${l.lineNo}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (api.format === "json") out += `${JSON.stringify(l)}\n`;
      else if (labelled) out += `${paint(`${l.nodeId} ${l.executionId} │`, "dim")} ${l.text}\n`;
      else out += `${l.text}\n`;
    }
    if (out) process.stdout.write(out);
  };
}

async function logs(job: string | undefined, opts: Opts) {
  const given = [job, opts.execution, opts.run].filter(Boolean).length;
  if (given !== 1) throw new UsageError("give one of: a JOB (name or id), --execution ID or --run ID");
  const tail = positive(opts.tail, "--tail");
  const api = connect(opts);
  if (api.format === "yaml") throw new UsageError("logs print text, or JSON lines with -o json");
  const where: { executionId?: string; runId?: string; jobId?: string } = opts.execution
    ? { executionId: opts.execution }
    : opts.run
      ? { runId: opts.run }
      : { jobId: (await resolveJobId(api, job!, opts.namespace)).id };
  if (where.executionId) {
    const { execution } = await api.gql<{ execution: { id: string } | null }>(`query($id: ID!) { execution(id: $id) { id } }`, { id: where.executionId });
    if (!execution) throw new NotFound(`execution ${where.executionId} not found`);
  }
  const { logs: stored } = await api.gql<{ logs: Line[] }>(
    `query($executionId: ID, $runId: ID, $jobId: ID, $since: String, $limit: Int, $filter: String, $order: LogOrder) {
      logs(executionId: $executionId, runId: $runId, jobId: $jobId, since: $since, limit: $limit, filter: $filter, order: $order) { ${LINE_FIELDS} } }`,
    { ...where, since: opts.since ?? null, limit: tail ?? 1000, filter: opts.filter ?? null, order: tail ? "DESC" : "ASC" },
  );
  const lines = tail ? [...stored].reverse() : stored;
  const print = printer(api, !where.executionId);
  print(lines);
  if (!opts.follow) return;
  if (opts.filter) throw new UsageError("--filter applies to stored lines only; leave it out with -f");
  await follow(api, where, lines, print);
}

/** Follows over graphql-ws until the execution ends (or forever for a job or run; Ctrl-C stops). */
async function follow(api: Api, where: { executionId?: string; runId?: string; jobId?: string }, printed: Line[], print: (l: Line[]) => void) {
  const lastLineNo = Math.max(0, ...printed.filter((l) => l.executionId === where.executionId).map((l) => l.lineNo));
  // For a job or run: start a little before the newest printed line; duplicates are dropped by (execution, lineNo).
  const newest = printed.length ? Math.max(...printed.map((l) => Date.parse(l.at))) : Date.now();
  const since = `${Math.max(1, Math.ceil((Date.now() - newest) / 1000) + 2)}s`;
  const variables = where.executionId ? { executionId: where.executionId, afterLineNo: lastLineNo } : { ...where, since };
  const client = createClient({
    url: wsUrlOf(api.target.url),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${api.target.token}` },
    retryAttempts: 5,
  });
  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      unsubscribe();
      void client.dispose();
      if (err) reject(err);
      else resolve();
    };
    const unsubscribe = client.subscribe<{ logLines: { lines: Line[] } }>(
      {
        query: `subscription($executionId: ID, $runId: ID, $jobId: ID, $afterLineNo: Int, $since: String) {
          logLines(executionId: $executionId, runId: $runId, jobId: $jobId, afterLineNo: $afterLineNo, since: $since) { lines { ${LINE_FIELDS} } } }`,
        variables,
      },
      {
        next: (v) => {
          if (v.data) print(v.data.logLines.lines);
          if (v.errors?.length) finish(toRemote(v.errors));
        },
        error: (e) => finish(toRemote(e)),
        complete: () => finish(),
      },
    );
    // An execution's log ends with the execution: stop shortly after it is terminal.
    const poll = setInterval(async () => {
      if (!where.executionId) return;
      try {
        const { execution } = await api.gql<{ execution: { computeState: { stateType: string } } | null }>(
          `query($id: ID!) { execution(id: $id) { computeState { stateType } } }`,
          { id: where.executionId },
        );
        if (!execution || TERMINAL.has(execution.computeState.stateType)) setTimeout(() => finish(), 1000);
      } catch (err) {
        finish(err);
      }
    }, 1000);
  });
}

/** graphql-ws hands over GraphQL errors as an array, or a close event. */
function toRemote(e: unknown): Error {
  const first = Array.isArray(e) ? e[0] : e;
  if (first && typeof first === "object" && "message" in first) {
    const ext = (first as { extensions?: { code?: string; field?: string } }).extensions;
    return new RemoteError(String((first as { message: string }).message), ext?.code ?? null, ext?.field ?? null, 400);
  }
  if (first && typeof first === "object" && "code" in first) {
    const code = (first as { code: number; reason?: string }).code;
    return code === 4403
      ? new RemoteError("not authenticated on the WebSocket", "UNAUTHENTICATED", null, 401)
      : new RemoteError(`WebSocket closed (${code} ${(first as { reason?: string }).reason ?? ""})`.trim(), null, null, 0);
  }
  return new RemoteError(`cannot follow: ${String((first as Error)?.message ?? first)}`, null, null, 0);
}

export function logsCommand(): Command {
  return withCommon(new Command("logs"))
    .description("print the output of a job's executions (labelled node exec │ text), of a run, or of one execution")
    .argument("[job]", "job name or id (job-…): every execution's lines, merged")
    .option("-n, --namespace <ns>", "namespace of a job given by name", "default")
    .option("--execution <id>", "only this execution (exec-…); its lines are printed bare")
    .option("--run <id>", "only this run's executions (run-…)")
    .option("-f, --follow", "keep printing new lines (an execution: until it ends)")
    .option("--since <duration>", 'only lines newer than this, e.g. "5m"')
    .option("--tail <n>", "only the last n lines")
    .option("--filter <text>", "substring, or /regular expression/")
    .action(run(logs));
}
