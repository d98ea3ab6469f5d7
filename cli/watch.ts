import { paint, useColor } from "./output.ts";

/** How often a watched list is read again. */
const WATCH_INTERVAL_MS = 2000;

/**
 * `-w/--watch`: reads the list again every two seconds and shows it only when it
 * changed. On a terminal the screen is redrawn in place with the time of the
 * last change; piped, each changed snapshot is printed after the last, so a
 * script sees every change once. Ends on Ctrl-C (exit 0) or when `render` throws.
 */
export async function watch(render: () => Promise<string>, intervalMs = WATCH_INTERVAL_MS): Promise<void> {
  const tty = !!process.stdout.isTTY;
  let last: string | null = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    if (tty) process.stdout.write("\u001b[?25h"); // the cursor back
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if (tty) process.stdout.write("\u001b[?25l");
  while (!stopped) {
    const out = await render();
    if (out !== last) {
      if (tty) {
        const stamp = paint(`every ${intervalMs / 1000}s, changed ${new Date().toLocaleTimeString()}; Ctrl-C quits`, "dim", useColor());
        process.stdout.write(`\u001b[H\u001b[2J${stamp}\n\n${out}`);
      } else process.stdout.write(last === null ? out : `\n${out}`);
      last = out;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
