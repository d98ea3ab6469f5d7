/** What the job screen has to show besides the executions table. */
export interface JobLayoutInput {
  height: number;
  rolloutRows: number;
  notPlacedLines: number;
  /** Null for a job that has no runs (a service). */
  runs: number | null;
}

export interface JobLayout {
  tableHeight: number;
  notPlacedShown: number;
  runsShown: number;
}

/** Rows of the title rule, the spec line and the executions rule. */
const FIXED = 3;

/**
 * Splits the job screen's rows so that everything fits exactly: the title,
 * spec and rollout always show; the executions table keeps at least its
 * header and two rows; "Not placed" and runs get up to three lines each
 * (at least one when there is room), and the table takes the rest. Drawing
 * more rows than there are made Ink shrink or drop the title.
 */
export function jobLayout(i: JobLayoutInput): JobLayout {
  let room = Math.max(0, i.height - FIXED - i.rolloutRows);
  const minTable = 3;
  const want = (lines: number) => Math.min(3, Math.max(1, lines));
  let notPlacedShown = 0;
  let runsShown = 0;
  if (i.notPlacedLines > 0 && room - minTable >= 2) {
    notPlacedShown = Math.min(want(i.notPlacedLines), room - minTable - 1);
    room -= notPlacedShown + 1;
  }
  if (i.runs !== null && room - minTable >= 2) {
    runsShown = Math.min(want(i.runs), room - minTable - 1);
    room -= runsShown + 1;
  }
  return { tableHeight: Math.max(1, room), notPlacedShown, runsShown };
}
