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
    created
    changed
    diff { path before after }
    job { id status { version revision state { stateType message } } }
  }
}
`;

const TRIGGER = `# Run the job: paste the job id from SubmitHello. The quickstart's local agent runs it.
mutation TriggerHello($jobId: ID!) {
  triggerRun(jobId: $jobId) { run { id state } }
}

# Then look at the run, its execution and its output.
query HelloRuns($jobId: ID!) {
  runs(jobId: $jobId, first: 5) { totalCount statusCounts { state count } edges { node { id state exitCode error } } }
  executions(jobId: $jobId) { edges { node { id nodeId computeState { stateType message } } } }
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
 * GraphiQL. On loopback in the quickstart the admin token is
 * filled in, so a new user can run the examples at once; elsewhere the user
 * pastes a token into the headers editor.
 */
export function graphiqlOptions(token: string | null): GraphiQLOptions {
  const headers = token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : undefined;
  return {
    title: "Drover",
    // SSE goes over HTTP with the headers above, so GraphiQL subscriptions carry the token.
    subscriptionsProtocol: "SSE",
    defaultEditorToolsVisibility: "headers",
    shouldPersistHeaders: false,
    headers,
    defaultTabs: [SUBMIT, TRIGGER, LIST, WATCH].map((query) => ({ query, headers: headers ?? null })),
  };
}

export function isLoopback(address: string | undefined | null): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address === "::ffff:127.0.0.1" || address.startsWith("::ffff:127.");
}
