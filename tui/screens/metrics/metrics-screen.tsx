import React, { useState } from "react";
import { Box, Text } from "ink";
import { useTui } from "../../context.tsx";
import { useQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { Rule } from "../../components/rule.tsx";
import { Sparkline } from "../../components/sparkline.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { bytes, cores, fit } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import type { ScreenProps } from "../types.ts";
import { METRICS } from "./documents.ts";
import { completeBuckets, latest, niceMax, WINDOWS, type MetricWindow } from "./windows.ts";

const BINDINGS: Binding[] = WINDOWS.map((w) => ({ keys: [w.key], label: w.since, help: `show the ${w.label}` }));

/** There is no metrics subscription: samples arrive every few seconds, so the screen reads them again as often. */
const REFRESH_MS = 3000;

/** How each series reads: its figure, the smallest top of its scale, and how instances combine. */
const DESCRIBE: Record<string, { format: (v: number | null) => string; floor: number; unit: number; combine: string }> = {
  cpu_usage: { format: (v) => `${cores(v)} cores`, floor: 0.1, unit: 1, combine: "avg" },
  // Memory scales in MiB, so its top reads "20 MiB" rather than a round number of bytes.
  memory_usage: { format: (v) => bytes(v), floor: 1, unit: 1024 * 1024, combine: "total" },
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function MetricsScreen({ route, active, width, height }: ScreenProps<"metrics">) {
  const tui = useTui();
  const [window, setWindow] = useState<MetricWindow>(WINDOWS[1]);
  const { data, error } = useQuery(tui.client, METRICS, { ...route.target, since: window.since, step: window.step }, [JSON.stringify(route.target), window.key], REFRESH_MS);

  useScreen(active, { title: "metrics", detail: window.label, bindings: BINDINGS }, (name) => {
    const w = WINDOWS.find((x) => x.key === name);
    if (w) setWindow(w);
  });

  const instances = data?.executions.totalCount ?? 0;
  const sparkWidth = Math.max(10, Math.min(60, width - 44));
  return (
    <Box flexDirection="column" height={height}>
      <Rule width={width} title={`Metrics ${route.title}`} extra={`${window.label} ─ ${plural(instances, "instance")} running`} />
      {error && !data ? <ToneText tone="bad">{`  ${error}`}</ToneText> : null}
      {!data && !error ? <ToneText tone="muted">  loading metrics…</ToneText> : null}
      {data?.metrics.map((series) => {
        const d = DESCRIBE[series.name] ?? { format: (v: number | null) => String(v ?? "—"), floor: 1, unit: 1, combine: "" };
        if (series.status !== "success") {
          return <ToneText key={series.name} tone="bad">{`  ${series.name.padEnd(14)}✗ ${series.error ?? "unavailable"}`}</ToneText>;
        }
        const values = completeBuckets(series.points, window, Date.now());
        const sampled = values.filter((v): v is number => v !== null);
        const top = niceMax(Math.max(0, ...sampled) / d.unit, d.floor) * d.unit;
        const scale = `0–${d.format(top)}`;
        // "whole": the bucket still filling is left out (completeBuckets).
        const note = `${d.combine} of ${plural(instances, "instance")} · scale ${scale} · whole ${window.step} buckets`;
        return (
          <Box key={series.name} flexDirection="column" flexShrink={0}>
            <Box>
              <Text>{`  ${series.name.padEnd(14)}`}</Text>
              {sampled.length ? <Sparkline values={values} width={sparkWidth} max={top} /> : <ToneText tone="muted">{"no samples yet".padEnd(sparkWidth)}</ToneText>}
              <ToneText tone="muted">{` ▏${d.format(top)}`.padEnd(12)}</ToneText>
              <Text>{`  ${d.format(latest(values))}`}</Text>
            </Box>
            <ToneText tone="muted">{fit(`  ${"".padEnd(14)}${note}`, width)}</ToneText>
          </Box>
        );
      })}
      {error && data ? <ToneText tone="busy">{`  ◐ refresh failed: ${error}`}</ToneText> : null}
    </Box>
  );
}
