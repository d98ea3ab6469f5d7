import type { Plugin } from "graphql-yoga";
import { beginRequestTrace } from "../db/statement-trace.ts";

/**
 * Traces the statements of each HTTP request (authentication included, so
 * it goes first in the plugin list) while a statement sink is installed.
 */
export function statementTracePlugin(): Plugin {
  const ends = new WeakMap<Request, () => void>();
  return {
    onRequest({ request }) {
      const end = beginRequestTrace();
      if (end) ends.set(request, end);
    },
    onResponse({ request }) {
      ends.get(request)?.();
      ends.delete(request);
    },
  };
}
