import { Command } from "commander";
import { isFinishedRun, isTerminalCompute } from "../../common/states.ts";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { wsUrlOf } from "../../client/connection.ts";
import { RemoteError } from "../../client/graphql-http.ts";
import { connect, resolveJobId, withCommon, NotFound, type Api } from "../api.ts";
import { UsageError, run } from "../errors.ts";
import { paint, useColor } from "../output.ts";

interface Line {
  executionId: string;
  lineNo: number;
  nodeId: string;
  stream: string;
  at: string;
  text: string;
}

const LINE_FIELDS = "executionId lineNo jobId runId nodeId stream at text";

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

/** Lines shown when no --tail is given: the newest ones, like `kubectl logs --tail`. */
const DEFAULT_TAIL = 1000;

async function logs(job: string | undefined, opts: Opts) {
  const given = [job, opts.execution, opts.run].filter(Boolean).length;
  if (given !== 1) throw new UsageError("give one of: a JOB (name or id), --execution ID or --run ID");
  const tail = positive(opts.tail, "--tail") ?? DEFAULT_TAIL;
  if (opts.follow && opts.filter) throw new UsageError("--filter applies to stored lines only; leave it out with -f");
  const api = connect(opts);
  if (api.format === "yaml") throw new UsageError("logs print text, or JSON lines with -o json");
  let target: Followed;
  if (opts.execution) {
    const { execution } = await api.gql<{ execution: { id: string } | null }>(`query($id: ID!) { execution(id: $id) { id } }`, { id: opts.execution });
    if (!execution) throw new NotFound(`execution ${opts.execution} not found`);
    target = { kind: "execution", id: opts.execution, label: `execution ${opts.execution}` };
  } else if (opts.run) {
    const { run } = await api.gql<{ run: { id: string } | null }>(`query($id: ID!) { run(id: $id) { id } }`, { id: opts.run });
    if (!run) throw new NotFound(`run ${opts.run} not found`);
    target = { kind: "run", id: opts.run, label: `run ${opts.run}` };
  } else {
    const { id, label } = await resolveJobId(api, job!, opts.namespace);
    target = { kind: "job", id, label: `job ${label}` };
  }
  const where = whereOf(target);
  // The newest lines, read newest first: one more than asked tells whether older ones were left out.
  const { logs: stored } = await api.gql<{ logs: Line[] }>(
    `query($executionId: ID, $runId: ID, $jobId: ID, $since: String, $limit: Int, $filter: String) {
      logs(executionId: $executionId, runId: $runId, jobId: $jobId, since: $since, limit: $limit, filter: $filter, order: DESC) { ${LINE_FIELDS} } }`,
    { ...where, since: opts.since ?? null, limit: Math.min(tail + 1, MAX_LIMIT), filter: opts.filter ?? null },
  );
  const lines = stored.slice(0, tail).reverse();
  const print = printer(api, target.kind !== "execution");
  print(lines);
  // Said only when the default cut them: a --tail N asked for exactly that.
  if (stored.length > tail && opts.tail === undefined) {
    process.stderr.write(`${paint(`(older lines left out: the newest ${tail} shown; use --tail N up to ${MAX_LIMIT}, or --since)`, "dim", useColor(process.stderr))}\n`);
  }
  if (!opts.follow) return;
  const ended = await follow(api, target, lines, print);
  process.stderr.write(`${paint(`(${ended})`, "dim", useColor(process.stderr))}\n`);
}

/** What `-f` follows, and how to tell that it has ended. */
interface Followed {
  kind: "execution" | "run" | "job";
  id: string;
  label: string;
}

const MAX_LIMIT = 10_000;

function whereOf(t: Followed): { executionId?: string; runId?: string; jobId?: string } {
  return t.kind === "execution" ? { executionId: t.id } : t.kind === "run" ? { runId: t.id } : { jobId: t.id };
}

/** Why following should stop now, or null while what is followed goes on. */
async function endOf(api: Api, t: Followed): Promise<string | null> {
  if (t.kind === "execution") {
    const { execution } = await api.gql<{ execution: { computeState: { stateType: string } } | null }>(
      `query($id: ID!) { execution(id: $id) { computeState { stateType } } }`,
      { id: t.id },
    );
    if (!execution) return `${t.label} was deleted`;
    const state = execution.computeState.stateType;
    return isTerminalCompute(state) ? `${t.label} ended ${state}` : null;
  }
  if (t.kind === "run") {
    const { run } = await api.gql<{ run: { state: string } | null }>(`query($id: ID!) { run(id: $id) { state } }`, { id: t.id });
    if (!run) return `${t.label} was deleted with its job`;
    return isFinishedRun(run.state) ? `${t.label} ended ${run.state}` : null;
  }
  // A job's log goes on across runs and restarts; it ends when the job is stopped or deleted.
  const { job } = await api.gql<{ job: { status: { state: { stateType: string } } } | null }>(
    `query($id: ID) { job(id: $id) { status { state { stateType } } } }`,
    { id: t.id },
  );
  if (!job) return `${t.label} was deleted`;
  return job.status.state.stateType === "STOPPED" ? `${t.label} stopped` : null;
}

/**
 * Follows over graphql-ws until what is followed has ended; resolves with the reason.
 * The end is polled once a second; lines of the last second still arrive within the grace.
 */
async function follow(api: Api, target: Followed, printed: Line[], print: (l: Line[]) => void): Promise<string> {
  const where = whereOf(target);
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
  return new Promise<string>((resolve, reject) => {
    let done = false;
    let ending = false;
    const finish = (err: unknown, reason = `${target.label} ended`) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      unsubscribe();
      void client.dispose();
      if (err) reject(err);
      else resolve(reason);
    };
    // The stream may fail because what it follows just went away (a deleted job): that is its end, not an error.
    const failed = (err: Error) => {
      endOf(api, target)
        .then((reason) => finish(reason ? null : err, reason ?? undefined))
        .catch(() => finish(err));
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
          if (v.errors?.length) failed(toRemote(v.errors));
        },
        error: (e) => failed(toRemote(e)),
        complete: () => finish(null),
      },
    );
    const poll = setInterval(async () => {
      if (ending) return;
      try {
        const reason = await endOf(api, target);
        if (!reason) return;
        ending = true;
        setTimeout(() => finish(null, reason), ENDED_GRACE_MS);
      } catch (err) {
        finish(err);
      }
    }, 1000);
  });
}

/** How long lines are still taken after the end was seen: the agent's last batch may be in flight. */
const ENDED_GRACE_MS = 1000;

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
    .option("-n, --namespace <ns>", "namespace of a job given by name (default: the context's, else default)")
    .option("--execution <id>", "only this execution (exec-…); its lines are printed bare")
    .option("--run <id>", "only this run's executions (run-…)")
    .option("-f, --follow", "keep printing new lines until the execution or run ends, or the job is stopped or deleted")
    .option("--since <duration>", 'only lines newer than this, e.g. "5m"')
    .option("--tail <n>", `the newest n lines (default ${DEFAULT_TAIL}, at most ${MAX_LIMIT})`)
    .option("--filter <text>", "substring, or /regular expression/")
    .action(run(logs));
}
