import React, { useEffect, useState } from "react";
import { Box } from "ink";
import { useTui } from "../../context.tsx";
import { useScreen } from "../../hooks/use-screen.ts";
import { useListSelection } from "../../hooks/use-list-selection.ts";
import { Table, type Column } from "../../components/table.tsx";
import { Rule } from "../../components/rule.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import type { Binding } from "../../keys.ts";
import type { ScreenProps } from "../types.ts";
import { loadJobs } from "../jobs/load.ts";
import { namespaceRows, type NamespaceRow } from "./namespaces.ts";

const BINDINGS: Binding[] = [{ keys: ["enter"], label: "switch", help: "show the jobs of this namespace (all: every namespace)" }];

const keyOf = (r: NamespaceRow) => r.namespace ?? "\u0000all";

/** The namespace picker (n on the jobs screen, like k9s's :ns): every namespace with jobs, and all. */
export function NamespacesScreen({ active, width, height }: ScreenProps<"namespaces">) {
  const tui = useTui();
  const [rows, setRows] = useState<NamespaceRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadJobs(tui.client, null).then(
      ({ state }) => setRows(namespaceRows([...state.byId.values()].map((j) => j.namespace), tui.namespace)),
      (err: Error) => setError(err.message),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const shown = rows ?? [];
  const list = useListSelection(shown, keyOf, height - 2, { initialKey: keyOf({ namespace: tui.namespace, jobs: 0 }) });

  const columns: Column<NamespaceRow>[] = [
    { header: "NAMESPACE", width: 20, grow: true, cell: (r) => ({ text: `${r.namespace === tui.namespace ? "● " : "  "}${r.namespace ?? "all"}`, tone: r.namespace === tui.namespace ? "ok" : "plain" }) },
    { header: "JOBS", width: 6, align: "right", cell: (r) => String(r.jobs) },
  ];

  useScreen(active, { title: "namespaces", bindings: BINDINGS }, (key) => {
    if (list.onKey(key)) return;
    const r = list.selected;
    if (key !== "enter" || !r) return;
    tui.setNamespace(r.namespace);
    tui.notify(r.namespace ? `namespace ${r.namespace}` : "all namespaces", "accent");
    tui.pop();
  });

  return (
    <Box flexDirection="column" height={height}>
      <Rule width={width} title="Namespaces" extra={`now ${tui.namespace ?? "all"}`} />
      {error ? (
        <ToneText tone="bad">{`  ${error}`}</ToneText>
      ) : (
        <Table columns={columns} rows={shown} rowKey={keyOf} selected={shown.length ? list.index : null} width={width} height={Math.max(2, height - 1)} empty="loading…" />
      )}
    </Box>
  );
}
