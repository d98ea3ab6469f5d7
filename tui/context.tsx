import React, { createContext, useContext, useEffect, useState } from "react";
import type { DroverClient, ConnectionStatus } from "./api/client.ts";
import type { Route } from "./routes.ts";
import type { Binding } from "./keys.ts";
import type { Tone } from "./theme.ts";

export interface StatusMessage {
  text: string;
  tone: Tone;
}

/** What every screen can reach without prop drilling: the client, navigation and the app's dialogs. */
export interface Tui {
  client: DroverClient;
  namespace: string | null;
  setNamespace(ns: string | null): void;
  push(route: Route): void;
  pop(): void;
  /** A one-line message in the status bar. */
  notify(text: string, tone?: Tone): void;
  /**
   * Asks `question` (y/N); on yes runs `action`, whose text goes to the status bar
   * (or the server's error text when it throws).
   */
  confirm(question: string, action: () => Promise<string>): void;
  /** Opens the line editor at the bottom; `onSubmit` gets the text (Esc cancels). */
  prompt(label: string, initial: string, onSubmit: (text: string) => void): void;
  /** The current screen declares its title and keys here, for the header, footer and help. */
  setChrome(chrome: Chrome): void;
  /** True from the moment a dialog (prompt, confirmation, help) opens until it closes: screens ignore keys then. */
  dialogOpen(): boolean;
  /** A printable key that reached a screen while a dialog was opening: the prompt receives it. */
  typeAhead(text: string): void;
}

export interface Chrome {
  title: string;
  /** Right of the title: "12,408 lines", "following ●". */
  detail?: string;
  bindings: Binding[];
}

export const TuiContext = createContext<Tui | null>(null);

export function useTui(): Tui {
  const t = useContext(TuiContext);
  if (!t) throw new Error("useTui outside <TuiContext>");
  return t;
}

export function useConnection(client: DroverClient): ConnectionStatus {
  const [status, setStatus] = useState(client.connection);
  useEffect(() => client.onStatus(setStatus), [client]);
  return status;
}

/** Date.now(), re-rendered every `ms` so ages and heartbeats tick. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
