import type { Route } from "./routes.ts";

export type Command =
  | { kind: "route"; route: Route }
  | { kind: "namespace"; namespace: string | null }
  | { kind: "quit" }
  | { kind: "error"; message: string };

/** The `:` command line, k9s style: `:jobs`, `:nodes`, `:ns prod` (`:ns` alone: all namespaces), `:q`. */
export function parseCommand(text: string): Command {
  const [word = "", ...rest] = text.trim().replace(/^:/, "").split(/\s+/);
  switch (word.toLowerCase()) {
    case "jobs":
    case "job":
    case "j":
      return { kind: "route", route: { screen: "jobs" } };
    case "nodes":
    case "node":
    case "no":
      return { kind: "route", route: { screen: "nodes" } };
    case "ns":
    case "namespace":
      return { kind: "namespace", namespace: rest[0] && rest[0] !== "all" ? rest[0] : null };
    case "q":
    case "quit":
      return { kind: "quit" };
    default:
      return { kind: "error", message: `unknown command "${text.trim()}": try jobs, nodes, ns NAME, q` };
  }
}
