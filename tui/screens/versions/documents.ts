import { graphql } from "../../../client/gql/index.ts";

export const VERSIONS = graphql(`
  query TuiVersions($jobId: ID!) {
    job(id: $jobId) { status { version } }
    jobVersions(jobId: $jobId) { version sourceVersion createdAt spec { command image } }
    executions(jobId: $jobId, first: 1) { seq }
  }
`);

export const VERSIONS_EVENTS = graphql(`
  subscription TuiVersionsEvents($jobId: ID!, $after: Seq) {
    jobEvents(jobId: $jobId, after: $after) { seq }
  }
`);
