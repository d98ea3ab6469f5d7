import React from "react";
import { render } from "ink-testing-library";
import { DroverClient } from "../../tui/api/client.ts";
import { App } from "../../tui/app.tsx";
import type { Route } from "../../tui/routes.ts";
import type { TestServer } from "../support/server.ts";

/** Key sequences as a terminal sends them. */
export const KEY = {
  enter: "\r",
  escape: "\u001b",
  up: "\u001b[A",
  down: "\u001b[B",
  pageDown: "\u001b[6~",
  space: " ",
} as const;

export interface TuiHarness {
  client: DroverClient;
  frame(): string;
  /** Waits until the frame satisfies `test` (a substring or predicate); fails with the last frame. */
  waitFor(test: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Writes keys one at a time, letting Ink handle each before the next. */
  press(...keys: string[]): Promise<void>;
  /** Types text into an open prompt and submits it with Enter. */
  type(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Renders the real App against a real server, at a fixed terminal size (80x24 by default). */
export function renderTui(t: TestServer, opts: { route?: Route; namespace?: string; width?: number; height?: number } = {}): TuiHarness {
  const client = new DroverClient(t.server.url, t.token, { keepAliveMs: 1000 });
  const ui = render(<App client={client} initialRoute={opts.route} namespace={opts.namespace ?? null} width={opts.width ?? 80} height={opts.height ?? 24} />);
  const frame = () => ui.lastFrame() ?? "";
  const harness: TuiHarness = {
    client,
    frame,
    async waitFor(test, timeoutMs = 10_000) {
      const ok = (f: string) => (typeof test === "string" ? f.includes(test) : test instanceof RegExp ? test.test(f) : test(f));
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const f = frame();
        if (ok(f)) {
          // Ink registers a new component's key handler in an effect after the frame is drawn: let it run.
          await new Promise((r) => setTimeout(r, 40));
          return f;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`timed out waiting for ${String(test)}; last frame:\n${frame()}`);
    },
    async press(...keys) {
      for (const k of keys) {
        ui.stdin.write(k);
        // Ink reads stdin asynchronously: give it a moment per key so each is its own event.
        await new Promise((r) => setTimeout(r, 40));
      }
    },
    async type(text) {
      for (const ch of text) await harness.press(ch);
      await harness.press(KEY.enter);
      // The prompt closes and the screen's key handler comes back in an effect: give it time before the next key.
      await new Promise((r) => setTimeout(r, 80));
    },
    async close() {
      ui.unmount();
      await client.close();
    },
  };
  return harness;
}

/** Submits a job through the API (the TUI is what is under test, not submitJob). */
export async function submitJob(t: TestServer, spec: Record<string, unknown>): Promise<string> {
  const r = await t.gql<{ submitJob: { job: { id: string } } }>(
    `mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`,
    { input: spec },
  );
  if (r.errors?.length) throw new Error(r.errors[0].message);
  return r.data!.submitJob.job.id;
}
