import { execFileSync } from "node:child_process";

/** Whether tmux is on this machine. CI must have it: the end-to-end TUI test fails there rather than skip. */
export function hasTmux(): boolean {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * A detached tmux session running one command at a fixed size: the real
 * terminal, driven the way an operator would (send-keys) and read back as the
 * screen shows it (capture-pane).
 */
export class TmuxSession {
  private constructor(readonly name: string) {}

  static start(name: string, command: string, opts: { width: number; height: number; cwd?: string; env?: Record<string, string> }): TmuxSession {
    const env = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    execFileSync("tmux", ["new-session", "-d", "-s", name, "-x", String(opts.width), "-y", String(opts.height), ...(opts.cwd ? ["-c", opts.cwd] : []), ...env, command]);
    // Keep the pane after the command exits, so a crash leaves its last screen to read.
    execFileSync("tmux", ["set-option", "-t", name, "remain-on-exit", "on"]);
    return new TmuxSession(name);
  }

  /** The pane as text; with `escapes`, with the colour and style sequences the program wrote. */
  capture(escapes = false): string {
    return execFileSync("tmux", ["capture-pane", "-p", ...(escapes ? ["-e"] : []), "-t", this.name], { encoding: "utf8" });
  }

  /** tmux key names: "Enter", "Escape", "Up", "Space", or literal text. */
  send(...keys: string[]): void {
    for (const k of keys) execFileSync("tmux", ["send-keys", "-t", this.name, k]);
  }

  /** Literal text written to the pane in one write, as a paste or key repeat delivers it. */
  sendChunk(text: string): void {
    execFileSync("tmux", ["send-keys", "-t", this.name, "-l", text]);
  }

  /** The exit status of the pane's command once it has exited, else null. */
  exitStatus(): number | null {
    const out = execFileSync("tmux", ["display-message", "-p", "-t", this.name, "#{pane_dead}:#{pane_dead_status}"], { encoding: "utf8" }).trim();
    const [dead, status] = out.split(":");
    return dead === "1" ? Number(status) : null;
  }

  resize(width: number, height: number): void {
    execFileSync("tmux", ["resize-window", "-t", this.name, "-x", String(width), "-y", String(height)]);
  }

  /** Whether the pane's command has exited. */
  dead(): boolean {
    return execFileSync("tmux", ["display-message", "-p", "-t", this.name, "#{pane_dead}"], { encoding: "utf8" }).trim() === "1";
  }

  async waitFor(test: string | RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const ok = (s: string) => (typeof test === "string" ? s.includes(test) : test instanceof RegExp ? test.test(s) : test(s));
    const deadline = Date.now() + timeoutMs;
    let screen = "";
    while (Date.now() < deadline) {
      screen = this.capture();
      if (ok(screen)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${String(test)} in tmux; the screen:\n${screen}`);
  }

  kill(): void {
    try {
      execFileSync("tmux", ["kill-session", "-t", this.name], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
}
