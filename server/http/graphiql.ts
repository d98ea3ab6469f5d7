import type { GraphiQLOptions } from "graphql-yoga";

/** Example operations preloaded in GraphiQL: a first job and its run, the list, and the live stream. */
const SUBMIT = `# Submit a job: the same name again updates it (the version rises only when the spec changes).
mutation SubmitHello {
  submitJob(input: {
    name: "hello"
    type: BATCH
    command: "echo hello from drover"
    labels: { team: "platform" }
  }) {
    job { id status { version revision state { stateType message } } }
    created
    changed
    diff { path before after }
  }
}
`;

const TRIGGER = `# Run the job and read its output. Put the job id that SubmitHello returned
# into Variables below; the quickstart's local agent runs it.
mutation TriggerHello($jobId: ID!) {
  triggerRun(jobId: $jobId) { run { id state } }
}

query HelloOutput($jobId: ID!) {
  runs(jobId: $jobId, first: 5) { totalCount edges { node { id state exitCode error } } }
  logs(jobId: $jobId) { nodeId lineNo text }
}
`;

const LIST = `# List jobs; subscribe to jobEvents after the returned seq to miss nothing.
query Jobs {
  jobs(first: 20) {
    totalCount
    seq
    statusCounts { state count }
    edges { node { id name namespace type status { version revision state { stateType message } } } }
  }
}
`;

const WATCH = `# Every job change, live. Pass after: <seq> to replay what you missed first.
subscription WatchJobs {
  jobEvents {
    seq
    type
    jobId
    revision
    version
    state
    job { name namespace }
  }
}
`;

/**
 * GraphiQL's options. They carry no token: the page asks for one and keeps
 * it in the browser (server/http/graphiql-page.ts), because anything in the
 * page would be readable by whoever can read the page.
 */
export function graphiqlOptions(): GraphiQLOptions {
  return {
    title: "Drover",
    // SSE goes over HTTP with the same headers as queries, so GraphiQL subscriptions carry the token.
    subscriptionsProtocol: "SSE",
    defaultEditorToolsVisibility: "variables",
    defaultTabs: [
      { query: SUBMIT },
      { query: TRIGGER, variables: JSON.stringify({ jobId: "job-…" }, null, 2) },
      { query: LIST },
      { query: WATCH },
    ],
  };
}
