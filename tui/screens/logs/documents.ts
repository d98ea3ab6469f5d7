import { graphql } from "../../../client/gql/index.ts";

/** One subscription for every target: give one of executionId (with afterLineNo), runId or jobId (with since). */
export const LOG_LINES = graphql(`
  subscription TuiLogLines($executionId: ID, $runId: ID, $jobId: ID, $afterLineNo: Int, $since: String) {
    logLines(executionId: $executionId, runId: $runId, jobId: $jobId, afterLineNo: $afterLineNo, since: $since) {
      lines { executionId lineNo nodeId stream at text }
    }
  }
`);
