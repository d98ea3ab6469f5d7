import { useEffect, useReducer, useRef, useState } from "react";
import type { DroverClient } from "../api/client.ts";
import type { TypedDocumentString } from "../../client/gql/graphql.ts";

export interface LiveState<S> {
  state: S;
  loading: boolean;
  error: string | null;
}

/** One subscription feeding a live state: its document, variables from the last seq, and its events. */
export interface Stream<E> {
  follow(client: DroverClient, after: () => number, onEvents: (events: E[]) => void, onError: (err: Error) => void): () => void;
}

export function stream<R, V, E extends { seq: number }>(
  doc: TypedDocumentString<R, V>,
  variables: (after: number) => V,
  events: (data: R) => E[],
): Stream<E> {
  return {
    follow: (client, after, onEvents, onError) =>
      client.live(doc, () => variables(after()), { next: (data) => onEvents(events(data)), error: onError }),
  };
}

/**
 * Loads a snapshot, then follows one or more subscriptions from the snapshot's
 * seq: the pattern every live screen uses. Each stream keeps the last seq it
 * applied and hands it to its variables on every (re)subscribe, so after a
 * reconnect the stream resumes exactly where the screen's state is, and the
 * state itself is never thrown away. Replayed events at or below that seq are
 * dropped, which makes an overlapping replay harmless.
 */
export function useLive<S, E extends { seq: number }>(opts: {
  client: DroverClient;
  /** Changes of these restart everything (a new snapshot and subscriptions). */
  deps: unknown[];
  initial: S;
  load: () => Promise<{ state: S; seq: number }>;
  streams: Stream<E>[];
  reduce: (state: S, event: E) => S;
}): LiveState<S> & { reload: () => void; apply: (event: E) => void } {
  const [generation, setGeneration] = useState(0);
  const reduceRef = useRef(opts.reduce);
  reduceRef.current = opts.reduce;
  const [live, dispatch] = useReducer(
    (prev: LiveState<S>, action: { type: "loaded"; state: S } | { type: "events"; events: E[] } | { type: "error"; error: string }) => {
      switch (action.type) {
        case "loaded":
          return { state: action.state, loading: false, error: null };
        case "events":
          return { ...prev, state: action.events.reduce(reduceRef.current, prev.state) };
        case "error":
          return { ...prev, loading: false, error: action.error };
      }
    },
    { state: opts.initial, loading: true, error: null },
  );
  useEffect(() => {
    let cancelled = false;
    const stops: (() => void)[] = [];
    opts
      .load()
      .then(({ state, seq }) => {
        if (cancelled) return;
        dispatch({ type: "loaded", state });
        for (const s of opts.streams) {
          let last = seq;
          stops.push(
            s.follow(
              opts.client,
              () => last,
              (events) => {
                const fresh = events.filter((e) => e.seq > last);
                if (!fresh.length) return;
                last = fresh[fresh.length - 1].seq;
                dispatch({ type: "events", events: fresh });
              },
              (err) => dispatch({ type: "error", error: err.message }),
            ),
          );
        }
      })
      .catch((err: Error) => {
        if (cancelled) return;
        dispatch({ type: "error", error: err.message });
        // The server may be restarting: load again as soon as the socket is back.
        const off = opts.client.onStatus((st) => {
          if (st.state !== "live") return;
          off();
          if (!cancelled) setGeneration((g) => g + 1);
        });
        stops.push(off);
      });
    return () => {
      cancelled = true;
      for (const stop of stops) stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...opts.deps, generation]);
  return {
    ...live,
    reload: () => setGeneration((g) => g + 1),
    // A change the screen learned another way (a re-read row): applied as is, not seq-checked.
    apply: (event: E) => dispatch({ type: "events", events: [event] }),
  };
}

/** A query re-run whenever `deps` change or `refreshMs` passes; keeps the last data while reloading. `skip` runs nothing. */
export function useQuery<R, V>(
  client: DroverClient,
  doc: TypedDocumentString<R, V>,
  variables: V,
  deps: unknown[],
  refreshMs?: number,
  skip = false,
): { data: R | null; error: string | null; refetch: () => void } {
  const [data, setData] = useState<R | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (skip) return;
    let cancelled = false;
    client
      .query(doc, variables)
      .then((d) => {
        if (cancelled) return;
        setData(d);
        setError(null);
      })
      .catch((err: Error) => {
        if (!cancelled) setError(err.message);
      });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, skip]);
  useEffect(() => {
    if (!refreshMs || skip) return;
    const t = setInterval(() => setTick((n) => n + 1), refreshMs);
    return () => clearInterval(t);
  }, [refreshMs, skip]);
  return { data, error, refetch: () => setTick((n) => n + 1) };
}

type Refetched<R> = { seq: number; kind: "data"; data: R } | { seq: number; kind: "moved" };

/**
 * A view read by one query and read again (debounced) whenever one of its
 * streams reports a change: for screens that show many related things (a job
 * with its rollout, executions and runs), where re-reading is simpler and
 * safer than patching each piece. The streams still resume from their last
 * seq, so a reconnect re-reads once and misses nothing.
 */
export function useLiveQuery<R>(opts: {
  client: DroverClient;
  deps: unknown[];
  load: () => Promise<{ data: R; seq: number }>;
  streams: Stream<{ seq: number; kind: "moved" }>[];
  debounceMs?: number;
}): { data: R | null; loading: boolean; error: string | null; refresh: () => void } {
  const live = useLive<{ data: R | null; moved: number }, Refetched<R>>({
    client: opts.client,
    deps: opts.deps,
    initial: { data: null, moved: 0 },
    load: async () => {
      const { data, seq } = await opts.load();
      return { state: { data, moved: 0 }, seq };
    },
    streams: opts.streams as Stream<Refetched<R>>[],
    reduce: (s, e) => (e.kind === "data" ? { ...s, data: e.data } : { ...s, moved: s.moved + 1 }),
  });
  const [refreshes, setRefreshes] = useState(0);
  useEffect(() => {
    if (live.state.moved === 0 && refreshes === 0) return;
    let cancelled = false;
    const t = setTimeout(() => {
      opts.load().then(
        ({ data }) => !cancelled && live.apply({ seq: 0, kind: "data", data }),
        () => {},
      );
    }, opts.debounceMs ?? 150);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.state.moved, refreshes]);
  return { data: live.state.data, loading: live.loading, error: live.error, refresh: () => setRefreshes((n) => n + 1) };
}

/** A stream whose events only say "something changed" (with their seq). */
export function movedStream<R, V>(doc: TypedDocumentString<R, V>, variables: (after: number) => V, seqOf: (data: R) => number): Stream<{ seq: number; kind: "moved" }> {
  return stream(doc, variables, (d) => [{ seq: seqOf(d), kind: "moved" as const }]);
}
