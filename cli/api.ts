import { Command, Option } from "commander";
import { resolveTarget, type ClientTarget } from "../client/connection.ts";
import { request } from "../client/graphql-http.ts";
import { UsageError } from "./errors.ts";
import { parseFormat, type Format } from "./output.ts";

export interface CommonOptions {
  server?: string;
  token?: string;
  output?: string;
}

/** --server, --token and -o on a leaf command. */
export function withCommon(cmd: Command, output = true): Command {
  cmd
    .option("--server <url>", "server URL (env DROVER_SERVER; default ./.drover/server.json)")
    .option("--token <token>", "API token (env DROVER_TOKEN; default ./.drover/admin.token)");
  if (output) cmd.addOption(new Option("-o, --output <format>", "output format").choices(["table", "json", "yaml"]).default("table"));
  return cmd;
}

export interface Api {
  target: ClientTarget & { token: string };
  format: Format;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export function connect(opts: CommonOptions): Api {
  const target = resolveTarget({ server: opts.server ?? null, token: opts.token ?? null });
  if (!target.token) {
    throw new UsageError("no token: pass --token, set DROVER_TOKEN, or run next to a quickstart server (./.drover/admin.token)");
  }
  const t = target as ClientTarget & { token: string };
  return {
    target: t,
    format: parseFormat(opts.output ?? "table"),
    gql: (query, variables) => request(t.url, t.token, query, variables),
  };
}

const JOB_ID = /^job-[0-9a-z]{26}$/;

/** NAME or ID → the variables naming a job (`id`, or `namespace` + `name`). */
export function jobRef(nameOrId: string, namespace: string | undefined): { id?: string; namespace?: string; name?: string } {
  return JOB_ID.test(nameOrId) ? { id: nameOrId } : { namespace: namespace ?? "default", name: nameOrId };
}

/** Resolves NAME or ID to the job's id and display name; NOT_FOUND-like error when missing. */
export async function resolveJobId(api: Api, nameOrId: string, namespace: string | undefined): Promise<{ id: string; label: string }> {
  const ref = jobRef(nameOrId, namespace);
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
  schedule timeZone overlapPolicy catchUp image command args env workingDir tags`;

export const STATUS_FIELDS = `
  state { stateType message details } version revision createdAt updatedAt deploymentId
  rollout { id type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes failedNodes message }
  latestRun { id state createdAt finishedAt message }
  runCounts { pending queued running succeeded failed partialFailure cancelled total }
  nextFireAt`;

export const JOB_FIELDS = `id name namespace type spec { ${SPEC_FIELDS} } status { ${STATUS_FIELDS} }`;
