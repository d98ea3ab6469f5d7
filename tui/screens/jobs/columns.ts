import type { Column } from "../../components/table.tsx";
import { lookOf } from "../../theme.ts";
import { ago, nextFire } from "../../format.ts";
import { barText } from "../../components/progress-bar.tsx";
import type { JobRow } from "./state.ts";

/** A rollout still moving (or waiting for the operator). */
export const rolloutActive = (state: string) => state === "RUNNING" || state === "PAUSED";
/** A rollout worth a bar in the table: moving, waiting, or failed and not yet rolled back. */
export const rolloutShown = (state: string) => rolloutActive(state) || state === "FAILED";

/** The jobs table of TUI.md; ROLLOUT, NEXT and LAST RUN give way first at 80 columns. */
export function jobColumns(now: number, showNamespace: boolean): Column<JobRow>[] {
  return [
    ...(showNamespace ? [{ header: "NAMESPACE", width: 10, drop: 1, cell: (j: JobRow) => j.namespace }] : []),
    { header: "NAME", width: 14, grow: true, cell: (j) => j.name },
    { header: "TYPE", width: 8, cell: (j) => j.type.toLowerCase() },
    {
      header: "STATE",
      width: 16,
      cell: (j) => {
        const s = j.status.state.stateType;
        return { text: `${lookOf(s).symbol} ${s}`, tone: lookOf(s).tone };
      },
    },
    { header: "VER", width: 3, cell: (j) => `v${j.status.version}` },
    {
      header: "NODES",
      width: 5,
      cell: (j) => {
        const r = j.status.rollout;
        return r && rolloutActive(r.state) ? `${r.updatedNodes}/${r.totalNodes}` : String(j.status.runningExecutions);
      },
    },
    {
      header: "ROLLOUT",
      width: 15,
      drop: 3,
      cell: (j) => {
        // A failed rollout has ended (it is lastRollout) but stays worth a bar until a newer one replaces it.
        const r = j.status.rollout ?? j.status.lastRollout;
        if (!r || !rolloutShown(r.state)) return "—";
        const b = barText(r.updatedNodes, r.totalNodes, 10, r.failedNodes);
        return { text: `${b.done}${b.failed}${b.rest} ${r.currentWave}/${r.totalWaves}`, tone: r.failedNodes > 0 ? "bad" : "busy" };
      },
    },
    {
      header: "LAST RUN",
      width: 10,
      drop: 2,
      cell: (j) => {
        const run = j.status.latestRun;
        if (!run) return "—";
        return { text: `${lookOf(run.state).symbol} ${ago(run.finishedAt ?? run.createdAt, now)}`, tone: lookOf(run.state).tone };
      },
    },
    { header: "NEXT", width: 11, drop: 4, cell: (j) => (j.spec.schedule ? nextFire(j.status.nextFireAt, now) : "—") },
  ];
}
