import type { TuiLogLinesSubscription } from "../../../client/gql/graphql.ts";
import type { Filter } from "../../state/filter.ts";

export { parseFilter, type Filter } from "../../state/filter.ts";

export type LogLine = TuiLogLinesSubscription["logLines"]["lines"][number];

/** Lines kept in memory per screen; older ones are dropped (the server keeps them: `drover logs`). */
export const MAX_LINES = 5000;

export interface LogsState {
  lines: LogLine[];
  /** executionId:lineNo of every held line: a replay after a reconnect adds nothing twice. */
  keys: Set<string>;
  following: boolean;
  /** Lines that arrived while paused or scrolled back. */
  unseen: number;
  /** Index (into the filtered lines) of the last line shown when not following. */
  bottom: number;
  filter: Filter | null;
  wrap: boolean;
  /** Lines dropped from the front to respect MAX_LINES. */
  dropped: number;
}

export const initialLogs = (): LogsState => ({ lines: [], keys: new Set(), following: true, unseen: 0, bottom: 0, filter: null, wrap: false, dropped: 0 });

export type LogsAction =
  | { type: "lines"; lines: LogLine[] }
  | { type: "pause" }
  | { type: "follow" }
  | { type: "scroll"; by: number; page: number }
  | { type: "top"; page: number }
  | { type: "filter"; filter: Filter | null }
  | { type: "wrap" };

export const lineKey = (l: { executionId: string; lineNo: number }) => `${l.executionId}:${l.lineNo}`;

export function matchesFilter(line: LogLine, f: Filter | null): boolean {
  if (!f) return true;
  return f.regex.test(line.text);
}

export function visibleLines(s: LogsState): LogLine[] {
  return s.filter ? s.lines.filter((l) => matchesFilter(l, s.filter)) : s.lines;
}

/** Pure: the log pane's state after one action. */
export function reduceLogs(s: LogsState, a: LogsAction): LogsState {
  switch (a.type) {
    case "lines": {
      const fresh = a.lines.filter((l) => !s.keys.has(lineKey(l)));
      if (!fresh.length) return s;
      const keys = new Set(s.keys);
      for (const l of fresh) keys.add(lineKey(l));
      // Lines of a merged stream arrive in order per execution; sorting by time keeps the merge readable.
      let lines = [...s.lines, ...fresh];
      if (fresh.some((l, i) => (i === 0 ? s.lines.length > 0 && l.at < s.lines[s.lines.length - 1].at : l.at < fresh[i - 1].at))) {
        lines.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
      }
      let dropped = s.dropped;
      if (lines.length > MAX_LINES) {
        const cut = lines.length - MAX_LINES;
        for (const l of lines.slice(0, cut)) keys.delete(lineKey(l));
        lines = lines.slice(cut);
        dropped += cut;
      }
      const shown = fresh.filter((l) => matchesFilter(l, s.filter)).length;
      return { ...s, lines, keys, dropped, unseen: s.following ? 0 : s.unseen + shown };
    }
    case "pause":
      return s.following ? { ...s, following: false, bottom: Math.max(0, visibleLines(s).length - 1), unseen: 0 } : { ...s, following: true, unseen: 0 };
    case "follow":
      return { ...s, following: true, unseen: 0 };
    case "scroll": {
      const count = visibleLines(s).length;
      const from = s.following ? count - 1 : s.bottom;
      const bottom = Math.min(count - 1, Math.max(Math.min(a.page, count) - 1, from + a.by));
      // Scrolling down to the newest line follows again.
      if (bottom >= count - 1 && a.by > 0) return { ...s, following: true, unseen: 0 };
      return { ...s, following: false, bottom: Math.max(0, bottom) };
    }
    case "top": {
      const count = visibleLines(s).length;
      return { ...s, following: false, bottom: Math.max(0, Math.min(count, a.page) - 1) };
    }
    case "filter":
      return { ...s, filter: a.filter, following: true, unseen: 0 };
    case "wrap":
      return { ...s, wrap: !s.wrap };
  }
}

/** The lines to draw in `rows` rows: the newest when following, else those ending at `bottom`. */
export function windowOf(s: LogsState, rows: number): LogLine[] {
  const lines = visibleLines(s);
  const end = s.following ? lines.length : Math.min(lines.length, s.bottom + 1);
  return lines.slice(Math.max(0, end - rows), end);
}

/** `since` for a merged stream resuming after `lastAt`: the gap plus a margin for clock skew; duplicates are dropped by key. */
export function resumeSince(lastAt: string | null, now: number, initial: string): string {
  if (!lastAt) return initial;
  return `${Math.ceil((now - Date.parse(lastAt)) / 1000) + 30}s`;
}
