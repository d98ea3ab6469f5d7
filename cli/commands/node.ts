import { Command } from "commander";
import { RemoteError } from "../../client/graphql-http.ts";
import { isActiveCompute } from "../../common/states.ts";
import { connect, idArg, withCommon, NotFound, type Api } from "../api.ts";
import { EXECUTION_COLUMNS, fetchExecutions } from "./execution.ts";
import { UsageError, run } from "../errors.ts";
import { formatBytes } from "../../common/quantity.ts";
import { age, formatData, formatLabels, formatTable, paint, printData, renderFields, showList, stateStyle, type Column } from "../output.ts";

const NODE_FIELDS = "id hostname labels capacity state runtimes agentVersion lastHeartbeatAt registeredAt updatedAt revision runningExecutions cpuCores memoryBytes cpuFree memoryFree";

interface Node {
  id: string;
  hostname: string;
  runtimes: unknown;
  agentVersion: string | null;
  registeredAt: string;
  labels: Record<string, string>;
  capacity: number;
  state: string;
  lastHeartbeatAt: string | null;
  runningExecutions: number;
  revision: number;
  cpuCores: number | null;
  memoryBytes: number | null;
  cpuFree: number | null;
  memoryFree: number | null;
}

/** "0.5 of 2" free; "?" where the agent reported nothing (such a node takes only work that requests none). */
const freeOf = (free: number | null, total: number | null, fmt: (n: number) => string) => (total == null ? "?" : `${fmt(free ?? 0)} of ${fmt(total)}`);
const cores = (n: number) => String(Number(n.toFixed(3)));

const NODE_COLUMNS: Column<Node>[] = [
  { header: "NODE", value: (n) => n.id, shrink: true, min: 12 },
  { header: "STATE", value: (n) => n.state, style: (n) => stateStyle(n.state) },
  { header: "LABELS", value: (n) => formatLabels(n.labels) || "-", shrink: true, min: 10, drop: 0 },
  { header: "RUNNING", value: (n) => String(n.runningExecutions), align: "right" },
  { header: "CAPACITY", value: (n) => String(n.capacity), align: "right", drop: 1 },
  { header: "CPU FREE", value: (n) => freeOf(n.cpuFree, n.cpuCores, cores), align: "right", drop: 1 },
  { header: "MEM FREE", value: (n) => freeOf(n.memoryFree, n.memoryBytes, formatBytes), align: "right", drop: 1 },
  { header: "HEARTBEAT", value: (n) => (n.lastHeartbeatAt ? `${age(n.lastHeartbeatAt)} ago` : "never"), drop: 2 },
  { header: "HOSTNAME", value: (n) => n.hostname, wide: true },
  { header: "AGENT", value: (n) => n.agentVersion ?? "-", wide: true },
  { header: "RUNTIMES", value: (n) => (Array.isArray(n.runtimes) ? n.runtimes.join(",") : n.runtimes ? JSON.stringify(n.runtimes) : "") || "-", wide: true },
  { header: "REGISTERED", value: (n) => `${age(n.registeredAt)} ago`, wide: true },
];

async function fetchNodes(api: Api, opts: { selector?: string; state?: string }): Promise<Node[]> {
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
  return nodes;
}

async function list(opts: { selector?: string; state?: string; watch?: boolean; server?: string; token?: string; output?: string }) {
  const api = connect(opts);
  const render = async () => {
    const nodes = await fetchNodes(api, opts);
    if (!api.human) return formatData({ items: nodes }, api.format, "node");
    return nodes.length ? formatTable(NODE_COLUMNS, nodes, api.format) : "";
  };
  await showList(render, { watch: opts.watch, empty: "no nodes" });
}

async function get(id: string, opts: { all?: boolean; server?: string; token?: string; context?: string; output?: string }) {
  const api = connect(opts);
  const nodeId = idArg("node", id);
  const { node } = await api.gql<{ node: Node | null }>(`query($id: ID!) { node(id: $id) { ${NODE_FIELDS} } }`, { id: nodeId });
  if (!node) throw new NotFound(`node ${nodeId} not found`);
  const { items } = await fetchExecutions(api, { nodeId });
  // What runs on it: live executions; --all adds the finished ones kept on record.
  const shown = opts.all ? items : items.filter((e) => isActiveCompute(e.computeState.stateType));
  if (!api.human) return printData({ ...node, executions: shown }, api.format, "node");
  process.stdout.write(
    renderFields([
      ["Node", node.id],
      ["Hostname", node.hostname],
      ["State", paint(node.state, stateStyle(node.state))],
      ["Labels", formatLabels(node.labels) || "-"],
      ["Capacity", `${node.runningExecutions} of ${node.capacity} in use`],
      ["CPU free", node.cpuCores == null ? "unknown (the agent reports none)" : `${freeOf(node.cpuFree, node.cpuCores, cores)} cores`],
      ["Memory free", node.memoryBytes == null ? "unknown (the agent reports none)" : freeOf(node.memoryFree, node.memoryBytes, formatBytes)],
      ["Runtimes", (Array.isArray(node.runtimes) ? node.runtimes.join(", ") : "") || "-"],
      ["Agent", node.agentVersion ?? "-"],
      ["Heartbeat", node.lastHeartbeatAt ? `${node.lastHeartbeatAt} (${age(node.lastHeartbeatAt)} ago)` : "never"],
      ["Registered", node.registeredAt],
    ]),
  );
  process.stdout.write(`\n${opts.all ? "Executions" : "Running"} (${shown.length}):\n`);
  process.stdout.write(shown.length ? formatTable(EXECUTION_COLUMNS, shown, api.format) : "  (none)\n");
}

async function drain(nodeArg: string, opts: { undo?: boolean; server?: string; token?: string; output?: string }) {
  const id = idArg("node", nodeArg);
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

async function label(nodeArg: string, changes: string[], opts: { replace?: boolean; server?: string; token?: string; output?: string }) {
  const id = idArg("node", nodeArg);
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
      .option("-w, --watch", "show the list again whenever it changes (Ctrl-C quits)")
      .action(run(list)),
  );
  cmd.addCommand(
    withCommon(new Command("get"))
      .alias("describe")
      .description("show a node and what runs on it")
      .argument("<id>", "node id (node-…)")
      .option("-a, --all", "also the finished executions kept on record")
      .action(run(get)),
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
