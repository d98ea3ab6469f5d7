/**
 * What a state looks like: a symbol that carries the meaning on its own, and a
 * tone that colours it. With NO_COLOR set only the symbols remain, so nothing
 * is lost (TUI.md: every colour has a symbol beside it).
 */
export type Tone = "ok" | "busy" | "bad" | "muted" | "accent" | "plain";

export const colorEnabled = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.NO_COLOR === undefined || env.NO_COLOR === "";

const TONE_COLORS: Record<Tone, string | undefined> = {
  ok: "green",
  busy: "yellow",
  bad: "red",
  muted: "gray",
  accent: "cyan",
  plain: undefined,
};

export function toneColor(tone: Tone): string | undefined {
  return colorEnabled() ? TONE_COLORS[tone] : undefined;
}

export interface StateLook {
  symbol: string;
  tone: Tone;
}

const LOOKS: Record<string, StateLook> = {
  // healthy
  RUNNING: { symbol: "●", tone: "ok" },
  READY: { symbol: "●", tone: "ok" },
  COMPLETED: { symbol: "✓", tone: "ok" },
  COMPLETE: { symbol: "✓", tone: "ok" },
  SUCCEEDED: { symbol: "✓", tone: "ok" },
  // in progress
  PENDING: { symbol: "◐", tone: "busy" },
  QUEUED: { symbol: "◐", tone: "busy" },
  STARTING: { symbol: "◐", tone: "busy" },
  DEPLOYING: { symbol: "◐", tone: "busy" },
  DRAINING: { symbol: "◐", tone: "busy" },
  STOPPING: { symbol: "◐", tone: "busy" },
  ROLLOUT_PAUSED: { symbol: "‖", tone: "busy" },
  DEGRADED: { symbol: "◑", tone: "busy" },
  PARTIAL_FAILURE: { symbol: "◑", tone: "bad" },
  // failed
  FAILED: { symbol: "✗", tone: "bad" },
  ROLLOUT_FAILED: { symbol: "✗", tone: "bad" },
  DOWN: { symbol: "✗", tone: "bad" },
  LOST: { symbol: "✗", tone: "bad" },
  // stopped
  STOPPED: { symbol: "○", tone: "muted" },
  CANCELLED: { symbol: "○", tone: "muted" },
  DELETED: { symbol: "○", tone: "muted" },
  DRAINED: { symbol: "○", tone: "muted" },
};

export function lookOf(state: string | null | undefined): StateLook {
  if (!state) return { symbol: "—", tone: "muted" };
  return LOOKS[state.toUpperCase()] ?? { symbol: "·", tone: "plain" };
}

/** ✓ / ✗ / ◑ for a run's outcome in one character, as the jobs table shows it. */
export function runSymbol(state: string | null | undefined): StateLook {
  return lookOf(state);
}
