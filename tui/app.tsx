import React, { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { Box, useApp, useInput } from "ink";
import type { DroverClient } from "./api/client.ts";
import { TuiContext, useConnection, type Chrome, type StatusMessage, type Tui } from "./context.tsx";
import { breadcrumb, navReducer, routeKey, type Route } from "./routes.ts";
import { splitKeys } from "./keys.ts";
import { useTerminalSize } from "./hooks/use-terminal-size.ts";
import { Header } from "./components/header.tsx";
import { Footer } from "./components/footer.tsx";
import { HelpOverlay } from "./components/help-overlay.tsx";
import { StatusBar } from "./components/status-bar.tsx";
import { LinePrompt } from "./components/line-prompt.tsx";
import { Confirm } from "./components/confirm.tsx";
import { Rule } from "./components/rule.tsx";
import { SCREENS } from "./screens/index.ts";
import { parseCommand } from "./command.ts";

type Overlay =
  | { kind: "help" }
  | { kind: "confirm"; question: string; action: () => Promise<string> }
  | { kind: "prompt"; label: string; initial: string; onSubmit: (text: string) => void };

/** How long a status message stays. */
export const STATUS_MS = 5000;

/** Rows the app itself takes: header, bottom rule, status line, footer. */
const CHROME_ROWS = 4;

/**
 * The root: a stack of screens (only the top one visible and listening), the
 * header with the connection, the status line and the footer. Screens below
 * the top stay mounted, so Esc returns to a screen with its selection, filter
 * and live subscriptions intact.
 */
export function App(props: { client: DroverClient; initialRoute?: Route; namespace?: string | null; width?: number; height?: number }) {
  const { exit } = useApp();
  const [stack, navigate] = useReducer(navReducer, [props.initialRoute ?? { screen: "jobs" }]);
  const [namespace, setNamespace] = useState<string | null>(props.namespace ?? null);
  const [chrome, setChrome] = useState<Chrome>({ title: "", bindings: [] });
  const [overlay, showOverlay] = useState<Overlay | null>(null);
  // Whether a dialog has the keyboard, known the moment it opens: the screens' key handlers
  // are switched off only after the next render, and keys typed right after "/" (or in the
  // same chunk) must not reach the screen under the prompt.
  const dialogOpen = useRef(false);
  // What was typed after a prompt was asked for and before it took the keyboard (it mounts a
  // render later): the prompt starts with it, so typing "/night" quickly loses no letter.
  const typeAhead = useRef("");
  const setOverlay = useCallback((o: Overlay | null) => {
    dialogOpen.current = o !== null;
    typeAhead.current = "";
    showOverlay(o);
  }, []);
  const takeTypeAhead = useCallback(() => {
    const text = typeAhead.current;
    typeAhead.current = "";
    return text;
  }, []);
  const [status, setStatus] = useState<StatusMessage | null>(null);
  const { width, height } = useTerminalSize({ width: props.width, height: props.height });
  const connection = useConnection(props.client);

  const notify = useCallback((text: string, tone: StatusMessage["tone"] = "plain") => setStatus({ text, tone }), []);
  // A message is about what just happened: it goes after a few seconds (errors stay a little
  // longer), except "working…", which the answer replaces.
  useEffect(() => {
    if (!status || status.tone === "busy") return;
    const t = setTimeout(() => setStatus((s) => (s === status ? null : s)), status.tone === "bad" ? STATUS_MS * 2 : STATUS_MS);
    return () => clearTimeout(t);
  }, [status]);

  const tui: Tui = useMemo(
    () => ({
      client: props.client,
      namespace,
      setNamespace,
      push: (route) => navigate({ type: "push", route }),
      pop: () => navigate({ type: "pop" }),
      notify,
      // The next action replaces the last one's message.
      confirm: (question, action) => {
        setStatus(null);
        setOverlay({ kind: "confirm", question, action });
      },
      prompt: (label, initial, onSubmit) => {
        setStatus(null);
        setOverlay({ kind: "prompt", label, initial, onSubmit });
      },
      setChrome,
      dialogOpen: () => dialogOpen.current,
      typeAhead: (text) => {
        if (dialogOpen.current) typeAhead.current += text;
      },
    }),
    [props.client, namespace, notify, setOverlay],
  );

  const openCommandLine = () =>
    setOverlay({
      kind: "prompt",
      label: ":",
      initial: "",
      onSubmit: (text) => {
        const cmd = parseCommand(text);
        if (cmd.kind === "route") navigate({ type: "reset", route: cmd.route });
        else if (cmd.kind === "namespace") {
          setNamespace(cmd.namespace);
          notify(cmd.namespace ? `namespace ${cmd.namespace}` : "all namespaces", "accent");
        } else if (cmd.kind === "quit") exit();
        else notify(cmd.message, "bad");
      },
    });
  useInput(
    (input, key) => {
      for (const { name } of splitKeys(input, key)) {
        if (dialogOpen.current) return;
        if (name === "?") setOverlay({ kind: "help" });
        else if (name === "escape") navigate({ type: "pop" });
        else if (name === "q") exit();
        else if (name === ":") openCommandLine();
      }
    },
    { isActive: overlay === null },
  );
  useInput(
    (input, key) => {
      if (key.escape || input === "?") setOverlay(null);
    },
    { isActive: overlay?.kind === "help" },
  );

  const bodyHeight = Math.max(3, height - CHROME_ROWS);
  const answer = (yes: boolean) => {
    if (overlay?.kind !== "confirm") return;
    const { action, question } = overlay;
    setOverlay(null);
    if (!yes) {
      notify(`cancelled: ${question}`, "muted");
      return;
    }
    notify("working…", "busy");
    action().then(
      (text) => notify(`✓ ${text}`, "ok"),
      (err: Error) => notify(`✗ ${err.message}`, "bad"),
    );
  };

  return (
    <TuiContext.Provider value={tui}>
      <Box flexDirection="column" width={width} height={height}>
        <Header width={width} crumbs={breadcrumb(stack)} detail={chrome.detail} namespace={namespace} host={hostOf(props.client.url)} connection={connection} />
        <Box flexDirection="column" height={bodyHeight} display={overlay?.kind === "help" ? "none" : "flex"}>
          {stack.map((route, i) => {
            const Screen = SCREENS[route.screen];
            const top = i === stack.length - 1;
            return (
              <Box key={routeKey(route) + i} display={top ? "flex" : "none"} flexDirection="column" height={bodyHeight}>
                <Screen route={route as never} active={top && overlay === null} width={width} height={bodyHeight} />
              </Box>
            );
          })}
        </Box>
        {overlay?.kind === "help" ? <HelpOverlay title={chrome.title} bindings={chrome.bindings} width={width} height={bodyHeight} /> : null}
        <Rule width={width} />
        {overlay?.kind === "confirm" ? (
          <Confirm question={overlay.question} onAnswer={answer} />
        ) : overlay?.kind === "prompt" ? (
          <LinePrompt
            label={overlay.label}
            initial={overlay.initial}
            takeTypeAhead={takeTypeAhead}
            onCancel={() => setOverlay(null)}
            onSubmit={(text) => {
              setOverlay(null);
              overlay.onSubmit(text);
            }}
          />
        ) : (
          <StatusBar message={status} />
        )}
        <Footer bindings={chrome.bindings} width={width} />
      </Box>
    </TuiContext.Provider>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
