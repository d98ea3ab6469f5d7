import { filterTest } from "../../state/filter.ts";
import { formatBytes } from "../../../common/quantity.ts";
import type { TuiNodeRowFragment } from "../../../client/gql/graphql.ts";

export type NodeRow = TuiNodeRowFragment;

/** Cpu free on a node ("0.5 of 2 cores"); "?" when its agent reports none (it then takes only work that requests none). */
export function cpuFreeText(n: Pick<NodeRow, "cpuFree" | "cpuCores">, { total = false } = {}): string {
  if (n.cpuCores == null) return "?";
  const c = (v: number) => String(Number(v.toFixed(3)));
  return total ? `${c(n.cpuFree ?? 0)} of ${c(n.cpuCores)} cores` : c(n.cpuFree ?? 0);
}

/** Memory free on a node ("1 GiB of 4 GiB"); "?" when its agent reports none. */
export function memoryFreeText(n: Pick<NodeRow, "memoryFree" | "memoryBytes">, { total = false } = {}): string {
  if (n.memoryBytes == null) return "?";
  return total ? `${formatBytes(n.memoryFree ?? 0)} of ${formatBytes(n.memoryBytes)}` : formatBytes(n.memoryFree ?? 0);
}

export type NodesEvent =
  | { seq: number; kind: "node"; node: NodeRow }
  | { seq: number; kind: "touched"; nodeId: string }
  | { seq: number; kind: "refreshed"; node: NodeRow | null; nodeId: string }
  /** The whole list read again: heartbeats move lastHeartbeatAt without a node event. */
  | { seq: number; kind: "listed"; nodes: NodeRow[] };

export interface NodesState {
  byId: Map<string, NodeRow>;
  stale: Set<string>;
}

export const nodesFrom = (rows: NodeRow[]): NodesState => ({ byId: new Map(rows.map((n) => [n.id, n])), stale: new Set() });

/** Pure: applies one change to the nodes table. */
export function reduceNodes(s: NodesState, e: NodesEvent): NodesState {
  switch (e.kind) {
    case "node":
      return { ...s, byId: new Map(s.byId).set(e.node.id, e.node) };
    case "touched":
      return !s.byId.has(e.nodeId) || s.stale.has(e.nodeId) ? s : { ...s, stale: new Set(s.stale).add(e.nodeId) };
    case "listed":
      return { ...s, byId: new Map(e.nodes.map((n) => [n.id, n])) };
    case "refreshed": {
      const byId = new Map(s.byId);
      const stale = new Set(s.stale);
      stale.delete(e.nodeId);
      if (e.node) byId.set(e.nodeId, e.node);
      else byId.delete(e.nodeId);
      return { byId, stale };
    }
  }
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => (v === "" || v === "true" ? k : `${k}=${v}`))
    .join(" ");
}

/** "region=eu, gpu" → {region: "eu", gpu: "true"}; an error names the bad part. */
export function parseLabels(text: string): { labels: Record<string, string> } | { error: string } {
  const labels: Record<string, string> = {};
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._/-]*)(?:=(.*))?$/.exec(part);
    if (!m) return { error: `"${part}" is not key=value` };
    labels[m[1]] = m[2] ?? "true";
  }
  return { labels };
}

export function visibleNodes(s: NodesState, filter: string): NodeRow[] {
  const matches = filterTest(filter);
  return [...s.byId.values()]
    .filter((n) => matches(`${n.id} ${n.hostname} ${n.state} ${formatLabels(n.labels)}`))
    .sort((a, b) => a.id.localeCompare(b.id));
}
