import { graphql } from "../../../client/gql/index.ts";

export const NODE_ROW = graphql(`
  fragment TuiNodeRow on Node {
    id
    hostname
    labels
    state
    capacity
    runningExecutions
    cpuCores
    memoryBytes
    cpuFree
    memoryFree
    lastHeartbeatAt
    revision
  }
`);

export const NODES = graphql(`
  query TuiNodes($after: String) {
    nodes(first: 100, after: $after) {
      seq
      pageInfo { hasNextPage endCursor }
      edges { node { ...TuiNodeRow } }
    }
  }
`);

export const NODE_BY_ID = graphql(`
  query TuiNodeById($id: ID!) {
    node(id: $id) { ...TuiNodeRow }
  }
`);

export const NODE_EVENTS = graphql(`
  subscription TuiNodeEvents($after: Seq) {
    nodeEvents(after: $after) { seq type node { ...TuiNodeRow } }
  }
`);

/** Placements and finishes change a node's running count without a node event. */
export const NODE_EXECUTION_EVENTS = graphql(`
  subscription TuiNodesExecutionEvents($after: Seq) {
    executionEvents(after: $after) { seq execution { nodeId } }
  }
`);

export const DRAIN_NODE = graphql(`
  mutation TuiDrainNode($id: ID!, $drain: Boolean!) {
    drainNode(id: $id, drain: $drain) { node { ...TuiNodeRow } }
  }
`);

export const SET_NODE_LABELS = graphql(`
  mutation TuiSetNodeLabels($id: ID!, $labels: StringMap!, $rev: Int) {
    setNodeLabels(id: $id, labels: $labels, expectedRevision: $rev) { node { ...TuiNodeRow } }
  }
`);
