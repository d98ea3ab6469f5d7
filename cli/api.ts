import { Command, Option } from "commander";
import { resolveTarget, type ClientTarget } from "../client/connection.ts";
import { request } from "../client/graphql-http.ts";
import { UsageError } from "./errors.ts";
import { FORMATS_HELP, isHuman, parseFormat, type Format } from "./output.ts";
import { ConfigError } from "../client/config.ts";

export interface CommonOptions {
  server?: string;
  token?: string;
  context?: string;
  output?: string;
}

/** --server, --token, --context and -o on a leaf command. */
export function withCommon(cmd: Command, output = true): Command {
  cmd
    .option("--server <url>", "server URL (env DROVER_SERVER; default ./.drover/server.json, then the current context)")
    .option("--token <token>", "API token (env DROVER_TOKEN; default ./.drover/admin.token, then the current context)")
    .option("--context <name>", "use this context of the config file (env DROVER_CONTEXT)");
  if (output) cmd.addOption(new Option("-o, --output <format>", `output format: ${FORMATS_HELP}`).default("table"));
  return cmd;
}

export interface Api {
  target: ClientTarget & { token: string };
  format: Format;
  /** A table for people (table or wide), rather than data for scripts. */
  human: boolean;
  /** The namespace a command uses when -n is not given: the context's, else "default". */
  namespace: string;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export function connect(opts: CommonOptions): Api {
  const format = parseFormat(opts.output ?? "table");
  let target: ClientTarget;
  try {
    target = resolveTarget({ server: opts.server ?? null, token: opts.token ?? null, context: opts.context ?? null });
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  if (!target.token) {
    throw new UsageError(
      `no token for ${target.url}: pass --token, set DROVER_TOKEN, run next to a quickstart server (./.drover/admin.token), or use a context with a token`,
    );
  }
  const t = target as ClientTarget & { token: string };
  return {
    target: t,
    format,
    human: isHuman(format),
    namespace: target.namespace ?? "default",
    gql: (query, variables) => request(t.url, t.token, query, variables),
  };
}

const JOB_ID = /^job-[0-9a-z]{26}$/;

/** NAME or ID → the variables naming a job (`id`, or `namespace` + `name`). */
export function jobRef(nameOrId: string, namespace: string | undefined): { id?: string; namespace?: string; name?: string } {
  // What `-o name` prints comes back as it is: job/NAMESPACE/NAME, job/NAME or job/ID; also NAMESPACE/NAME.
  const parts = (nameOrId.startsWith("job/") ? nameOrId.slice(4) : nameOrId).split("/");
  if (parts.length === 2) return { namespace: parts[0], name: parts[1] };
  const [ref] = parts;
  return JOB_ID.test(ref) ? { id: ref } : { namespace: namespace ?? "default", name: ref };
}

/** An id argument as given, or as `-o name` prints it (node/ID, run/ID, execution/ID). */
export function idArg(kind: string, value: string): string {
  return value.startsWith(`${kind}/`) ? value.slice(kind.length + 1) : value;
}

/** Resolves NAME or ID to the job's id and display name; NOT_FOUND-like error when missing. */
export async function resolveJobId(api: Api, nameOrId: string, namespace: string | undefined): Promise<{ id: string; label: string }> {
  const ref = jobRef(nameOrId, namespace ?? api.namespace);
  const data = await api.gql<{ job: { id: string; name: string; namespace: string } | null }>(
    `query($id: ID, $namespace: String, $name: String) { job(id: $id, namespace: $namespace, name: $name) { id name namespace } }`,
    ref,
  );
  if (!data.job) throw new NotFound(ref.id ? `job ${ref.id} not found` : `job ${ref.namespace}/${ref.name} not found`);
  return { id: data.job.id, label: `${data.job.namespace}/${data.job.name}` };
}

/** A lookup that found nothing: the server's answer was "no such object" (exit 1). */
export class NotFound extends Error {
  override readonly name = "NotFound";
  readonly code = "NOT_FOUND";
}

export const SPEC_FIELDS = `
  name namespace type description labels meta priority config
  selector { matchLabels matchIds matchExpressions }
  deployment { strategy maxParallel maxParallelPercent canaryCount canaryPercent autoPromote
    healthCheck { deadline minHealthyTime maxErrorRate probe { command interval } }
    maxFailedNodes maxFailedNodesPercent noAutoRollback }
  timeouts { executionTimeout queueTimeout totalTimeout }
  restartPolicy { policy maxRetries backoff maxBackoff retryExitCodes }
  schedule timeZone overlapPolicy catchUp image command args env workingDir tags
  resources { cpu memory }`;

export const STATUS_FIELDS = `
  state { stateType message details } version revision createdAt updatedAt deploymentId
  rollout { id type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes
    canaryNodes canaryPromoted rollbackToVersion message startedAt completedAt }
  lastRollout { id type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes
    canaryNodes canaryPromoted rollbackToVersion message startedAt completedAt }
  latestRun { id state createdAt finishedAt message }
  runCounts { pending queued running succeeded failed partialFailure cancelled total }
  nextFireAt scheduleSuspended`;

export const JOB_FIELDS = `id name namespace type spec { ${SPEC_FIELDS} } status { ${STATUS_FIELDS} }`;
