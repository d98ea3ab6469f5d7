import type { Tui } from "../../context.tsx";
import { CANCEL_RUN, RETRY_RUN } from "./documents.ts";

/** Cancel and retry, shared by the runs list and a run's own screen; both ask first. */
export function cancelRunAction(tui: Tui, runId: string): void {
  tui.confirm(`Cancel run ${runId}?`, async () => {
    const r = await tui.client.query(CANCEL_RUN, { id: runId });
    return `run ${r.cancelRun.id} ${r.cancelRun.state.toLowerCase()}`;
  });
}

export function retryRunAction(tui: Tui, runId: string): void {
  tui.confirm(`Retry run ${runId}?`, async () => {
    const r = await tui.client.query(RETRY_RUN, { id: runId });
    return `run ${r.retryRun.id} ${r.retryRun.state.toLowerCase()} (retry of ${runId})`;
  });
}
