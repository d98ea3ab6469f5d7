import { Command } from "commander";
import { RemoteError } from "../../client/graphql-http.ts";
import { connect, withCommon, NotFound } from "../api.ts";
import { UsageError, run } from "../errors.ts";
import { age, formatLabels, printData, renderTable, stateStyle, type Column } from "../output.ts";

const NODE_FIELDS = "id hostname labels capacity state runtimes agentVersion lastHeartbeatAt registeredAt updatedAt revision runningExecutions";

interface Node {
  id: string;
  hostname: string;
  labels: Record<string, string>;
  capacity: number;
  state: string;
  lastHeartbeatAt: string | null;
  runningExecutions: number;
  revision: number;
}

async function list(opts: { selector?: string; state?: string; server?: string; token?: string; output?: string }) {
  const api = connect(opts);
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { nodes: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await api.gql(
      `query($state: NodeState, $selector: String, $after: String) {
        nodes(state: $state, selector: $selector, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${NODE_FIELDS} } } } }`,
      { state: opts.state ? opts.state.toUpperCase() : null, selector: opts.selector ?? null, after },
    );
    nodes.push(...data.nodes.edges.map((e) => e.node));
    if (!data.nodes.pageInfo.hasNextPage || !data.nodes.pageInfo.endCursor) break;
    after = data.nodes.pageInfo.endCursor;
  }
  if (!api.human) return printData({ items: nodes }, api.format, "node");
  if (!nodes.length) return void process.stderr.write("no nodes\n");
  const cols: Column<Node>[] = [
    { header: "NODE", value: (n) => n.id, shrink: true, min: 12 },
    { header: "STATE", value: (n) => n.state, style: (n) => stateStyle(n.state) },
    { header: "LABELS", value: (n) => formatLabels(n.labels) || "-", shrink: true, min: 10, drop: 0 },
    { header: "RUNNING", value: (n) => String(n.runningExecutions), align: "right" },
    { header: "CAPACITY", value: (n) => String(n.capacity), align: "right", drop: 1 },
    { header: "HEARTBEAT", value: (n) => (n.lastHeartbeatAt ? `${age(n.lastHeartbeatAt)} ago` : "never"), drop: 2 },
  ];
  process.stdout.write(renderTable(cols, nodes));
}

async function drain(id: string, opts: { undo?: boolean; server?: string; token?: string; output?: string }) {
  const api = connect(opts);
  const { drainNode } = await api.gql<{ drainNode: { node: Node } }>(`mutation($id: ID!, $drain: Boolean) { drainNode(id: $id, drain: $drain) { node { ${NODE_FIELDS} } } }`, {
    id,
    drain: !opts.undo,
  });
  if (!api.human) return printData(drainNode.node, api.format, "node");
  process.stdout.write(`node ${id} ${opts.undo ? "undrained" : "draining"} (${drainNode.node.state})\n`);
}

/** "k=v,k2=v2,old-": sets k and k2, removes old. */
export function parseLabelChanges(args: string[]): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const part of args.flatMap((a) => a.split(",")).map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq > 0) set[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    else if (part.endsWith("-") && part.length > 1) remove.push(part.slice(0, -1));
    else throw new UsageError(`"${part}" is neither key=value nor key- (remove)`);
  }
  return { set, remove };
}

async function label(id: string, changes: string[], opts: { replace?: boolean; server?: string; token?: string; output?: string }) {
  const { set, remove } = parseLabelChanges(changes);
  if (!Object.keys(set).length && !remove.length && !opts.replace) throw new UsageError("give labels as key=value (or key- to remove one)");
  const api = connect(opts);
  // Read, change, write with the revision read; another edit in between is a CONFLICT, and the change is applied again.
  let written: Node | null = null;
  for (let attempt = 1; !written; attempt++) {
    const { node } = await api.gql<{ node: Node | null }>(`query($id: ID!) { node(id: $id) { labels revision } }`, { id });
    if (!node) throw new NotFound(`node ${id} not found`);
    const labels: Record<string, string> = opts.replace ? {} : { ...node.labels };
    Object.assign(labels, set);
    for (const k of remove) delete labels[k];
    try {
      const { setNodeLabels } = await api.gql<{ setNodeLabels: { node: Node } }>(
        `mutation($id: ID!, $labels: StringMap!, $rev: Int) { setNodeLabels(id: $id, labels: $labels, expectedRevision: $rev) { node { ${NODE_FIELDS} } } }`,
        { id, labels, rev: node.revision },
      );
      written = setNodeLabels.node;
    } catch (err) {
      if (!(err instanceof RemoteError && err.code === "CONFLICT") || attempt >= 3) throw err;
    }
  }
  const setNodeLabels = { node: written };
  if (!api.human) return printData(setNodeLabels.node, api.format, "node");
  process.stdout.write(`node ${id} labels: ${formatLabels(setNodeLabels.node.labels) || "(none)"}\n`);
}

export function nodeCommand(): Command {
  const cmd = new Command("node").description("list nodes, drain them, label them");
  cmd.addCommand(
    withCommon(new Command("ls"))
      .alias("list")
      .description("list nodes")
      .option("-l, --selector <selector>", 'label selector over node labels, e.g. "region=eu,gpu"')
      .option("--state <state>", "READY, DOWN or DRAINING")
      .action(run(list)),
  );
  cmd.addCommand(
    withCommon(new Command("drain"))
      .description("move service work away and take no new placements (batch and broadcast work finishes)")
      .argument("<id>", "node id (node-…)")
      .option("--undo", "undrain: take placements again")
      .action(run(drain)),
  );
  cmd.addCommand(
    withCommon(new Command("label"))
      .description("set (k=v) or remove (k-) node labels; the others are kept unless --replace")
      .argument("<id>", "node id (node-…)")
      .argument("<labels...>", "k=v,k2=v2 or k- (space or comma separated)")
      .option("--replace", "replace the whole label set with the given labels")
      .action(run(label)),
  );
  return cmd;
}
