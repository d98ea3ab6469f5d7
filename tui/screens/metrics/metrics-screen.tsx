import React, { useState } from "react";
import { Box, Text } from "ink";
import { useTui } from "../../context.tsx";
import { useQuery } from "../../hooks/use-live.ts";
import { useScreen } from "../../hooks/use-screen.ts";
import { Rule } from "../../components/rule.tsx";
import { Sparkline } from "../../components/sparkline.tsx";
import { ToneText } from "../../components/tone-text.tsx";
import { bytes, cores } from "../../format.ts";
import type { Binding } from "../../keys.ts";
import type { ScreenProps } from "../types.ts";
import { METRICS } from "./documents.ts";
import { latest, WINDOWS, type MetricWindow } from "./windows.ts";

const BINDINGS: Binding[] = WINDOWS.map((w) => ({ keys: [w.key], label: w.since, help: `show the ${w.label}` }));

/** There is no metrics subscription: samples arrive every few seconds, so the screen reads them again as often. */
const REFRESH_MS = 3000;

const DESCRIBE: Record<string, { label: string; format: (v: number | null) => string; note: string }> = {
  cpu_usage: { label: "cpu_usage", format: (v) => `${cores(v)} cores`, note: "avg across instances" },
  memory_usage: { label: "memory_usage", format: (v) => bytes(v), note: "total" },
};

export function MetricsScreen({ route, active, width, height }: ScreenProps<"metrics">) {
  const tui = useTui();
  const [window, setWindow] = useState<MetricWindow>(WINDOWS[1]);
  const { data, error } = useQuery(tui.client, METRICS, { ...route.target, since: window.since, step: window.step }, [JSON.stringify(route.target), window.key], REFRESH_MS);

  useScreen(active, { title: "metrics", detail: window.label, bindings: BINDINGS }, (name) => {
    const w = WINDOWS.find((x) => x.key === name);
    if (w) setWindow(w);
  });

  const sparkWidth = Math.max(10, Math.min(60, width - 50));
  return (
    <Box flexDirection="column" height={height}>
      <Rule width={width} title={`Metrics ${route.title}`} extra={window.label} />
      {error && !data ? <ToneText tone="bad">{`  ${error}`}</ToneText> : null}
      {!data && !error ? <ToneText tone="muted">  loading metrics…</ToneText> : null}
      {data?.metrics.map((series) => {
        const d = DESCRIBE[series.name] ?? { label: series.name, format: (v: number | null) => String(v ?? "—"), note: "" };
        if (series.status !== "success") {
          return <ToneText key={series.name} tone="bad">{`  ${d.label.padEnd(14)}✗ ${series.error ?? "unavailable"}`}</ToneText>;
        }
        const values = series.points.map((p) => p.value);
        return (
          <Box key={series.name}>
            <Text>{`  ${d.label.padEnd(14)}`}</Text>
            {values.length ? <Sparkline values={values} width={sparkWidth} /> : <ToneText tone="muted">{"no samples yet".padEnd(sparkWidth)}</ToneText>}
            <Text>{`  ${d.format(latest(series.points)).padEnd(12)}`}</Text>
            <ToneText tone="muted">{`(${d.note}, ${window.label})`}</ToneText>
          </Box>
        );
      })}
      {error && data ? <ToneText tone="busy">{`  ◐ refresh failed: ${error}`}</ToneText> : null}
    </Box>
  );
}
