import React from "react";
import { Box } from "ink";
import { useNow, useTui } from "../../context.tsx";
import { movedStream, useLiveQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { Table, type Column } from "../../components/table.tsx";
import { Rule } from "../../components/rule.tsx";
import { ago } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import { useListSelection } from "../../hooks/use-list-selection.ts";
import type { TuiVersionsQuery } from "../../../client/gql/graphql.ts";
import type { ScreenProps } from "../types.ts";
import { ROLLBACK } from "../job/documents.ts";
import { VERSIONS, VERSIONS_EVENTS } from "./documents.ts";

type VersionRow = TuiVersionsQuery["jobVersions"][number] & { current: boolean };

const BINDINGS: Binding[] = [{ keys: ["enter", "b"], label: "roll back to it", help: "roll back to the selected version (its spec becomes the next version)" }];

function columns(now: number): Column<VersionRow>[] {
  return [
    { header: "", width: 1, cell: (v) => (v.current ? { text: "●", tone: "ok" } : "") },
    { header: "VERSION", width: 7, cell: (v) => `v${v.version}` },
    { header: "CREATED", width: 9, cell: (v) => ago(v.createdAt, now) },
    { header: "ORIGIN", width: 16, cell: (v) => (v.sourceVersion ? `rollback to v${v.sourceVersion}` : "submitted") },
    { header: "RUNS", width: 20, grow: true, drop: 1, cell: (v) => v.spec.image ?? v.spec.command ?? "—" },
  ];
}

export function VersionsScreen({ route, active, width, height }: ScreenProps<"versions">) {
  const tui = useTui();
  const now = useNow();
  const live = useLiveQuery<TuiVersionsQuery>({
    client: tui.client,
    deps: [route.jobId],
    load: async () => {
      const data = await tui.client.query(VERSIONS, { jobId: route.jobId });
      return { data, seq: data.executions.seq };
    },
    streams: [movedStream(VERSIONS_EVENTS, (after) => ({ jobId: route.jobId, after }), (d) => d.jobEvents.seq)],
  });
  const current = live.data?.job?.status.version ?? null;
  const rows: VersionRow[] = [...(live.data?.jobVersions ?? [])].sort((a, b) => b.version - a.version).map((v) => ({ ...v, current: v.version === current }));
  const list = useListSelection(rows, (v) => String(v.version), height - 2);
  const index = list.index;

  useScreen(active, { title: "versions", bindings: BINDINGS }, (key) => {
    if (list.onKey(key)) return;
    const selected = list.selected;
    if ((key === "enter" || key === "b") && selected) {
      if (selected.current) return tui.notify(`v${selected.version} is the current version`, "muted");
      tui.confirm(`Roll back ${route.name} to v${selected.version}?`, async () => {
        const r = await tui.client.query(ROLLBACK, { jobId: route.jobId, toVersion: selected.version });
        return `${route.name} rolled back to v${selected.version}: now v${r.rollbackJob.status.version}`;
      });
    }
  });

  return (
    <Box flexDirection="column" height={height}>
      <Rule width={width} title={`Versions ${rows.length}`} extra={current ? `current v${current}` : undefined} />
      <Table columns={columns(now)} rows={rows} rowKey={(v) => String(v.version)} selected={rows.length ? index : null} width={width} height={Math.max(2, height - 1)} empty="loading…" />
    </Box>
  );
}
