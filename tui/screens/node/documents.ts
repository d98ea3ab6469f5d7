import { graphql } from "../../../client/gql/index.ts";

/** A node and what runs there: its newest executions (active ones are shown first). */
export const NODE_DETAIL = graphql(`
  query TuiNodeDetail($id: ID!) {
    node(id: $id) { ...TuiNodeRow agentVersion registeredAt }
    executions(nodeId: $id, last: 100) {
      seq
      edges {
        node {
          id jobId jobVersion attempt exitCode startedAt finishedAt createdAt
          computeState { stateType message }
          desiredState { stateType message }
          jobSpec { name namespace }
        }
      }
    }
  }
`);

export const NODE_DETAIL_EXECUTION_EVENTS = graphql(`
  subscription TuiNodeDetailExecutionEvents($nodeId: ID!, $after: Seq) {
    executionEvents(nodeId: $nodeId, after: $after) { seq }
  }
`);

export const NODE_DETAIL_EVENTS = graphql(`
  subscription TuiNodeDetailEvents($nodeId: ID!, $after: Seq) {
    nodeEvents(nodeId: $nodeId, after: $after) { seq }
  }
`);
