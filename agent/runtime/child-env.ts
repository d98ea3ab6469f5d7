/**
 * The environment an execution sees. It starts from a small allow-list of the
 * agent's own variables rather than all of them: the agent's environment holds
 * its node token and server address (DROVER_TOKEN, DROVER_SERVER), which a job
 * must not read by accident. The job's own env goes over that, and the DROVER_*
 * variables the agent owns go last so a job cannot point DROVER_RESULT_FILE
 * somewhere else. A run's meta values (DROVER_META_<KEY>) go over the job's env:
 * the trigger's value is the more specific one.
 */

import { metaEnvName } from "../../common/run-meta-env.ts";

/** Variables passed through from the agent so ordinary programs behave. */
export const INHERITED_ENV_KEYS = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "LC_ALL",
  "LC_CTYPE",
  "TZ",
  "TMPDIR",
] as const;

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface DroverEnv {
  executionId: string;
  jobId: string;
  nodeId: string;
  /** The job's config; serialised as JSON. Absent config is `{}` so consumers can always parse an object. */
  config: unknown;
  resultFile: string;
  /** The run's meta values (its job's parameters), exported as DROVER_META_<KEY>. */
  meta?: Record<string, string> | null;
  /** Where the run's payload was written; unset when the run has none. */
  payloadFile?: string | null;
}


export function buildChildEnv(
  jobEnv: Record<string, string> | null | undefined,
  drover: DroverEnv,
  inherited: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED_ENV_KEYS) {
    const v = inherited[key];
    if (v !== undefined) env[key] = v;
  }
  env.PATH ??= DEFAULT_PATH;
  for (const [k, v] of Object.entries(jobEnv ?? {})) env[k] = String(v);
  for (const [k, v] of Object.entries(drover.meta ?? {})) env[metaEnvName(k)] = v;
  env.DROVER_CONFIG = JSON.stringify(drover.config ?? {});
  env.DROVER_EXECUTION_ID = drover.executionId;
  env.DROVER_JOB_ID = drover.jobId;
  env.DROVER_NODE_ID = drover.nodeId;
  env.DROVER_RESULT_FILE = drover.resultFile;
  if (drover.payloadFile) env.DROVER_PAYLOAD_FILE = drover.payloadFile;
  return env;
}
