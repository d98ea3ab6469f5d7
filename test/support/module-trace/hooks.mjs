// Module hooks that print every module URL a process loads (one per line, to MODULE_TRACE_FD's stream: stderr).
export async function load(url, context, nextLoad) {
  process.stderr.write(`module-trace ${url}\n`);
  return nextLoad(url, context);
}
