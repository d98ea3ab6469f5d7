import { executionLabel } from "./format.ts";

/** Where the operator is. The app keeps a stack of these; Esc pops one. */
export type LogTarget = { jobId: string } | { runId: string } | { executionId: string };

export type Route =
  | { screen: "jobs" }
  | { screen: "job"; jobId: string; name: string }
  | { screen: "runs"; jobId: string; name: string }
  | { screen: "run"; runId: string; name: string }
  | { screen: "versions"; jobId: string; name: string }
  | { screen: "logs"; target: LogTarget; title: string }
  | { screen: "metrics"; target: { jobId: string } | { runId: string }; title: string }
  | { screen: "nodes" }
  | { screen: "node"; nodeId: string }
  | { screen: "execution"; executionId: string; jobId: string; name: string }
  | { screen: "events"; jobId: string; name: string }
  | { screen: "describe"; jobId: string; name: string }
  | { screen: "namespaces" }
  | { screen: "pick"; target: { jobId: string } | { runId: string }; title: string };

export function routeKey(r: Route): string {
  return JSON.stringify(r);
}

/** The breadcrumb of a stack: "jobs › log-processor › logs". */
export function breadcrumb(stack: Route[]): string {
  return stack
    .map((r, i) => {
      // Logs or metrics opened straight from a list name what they belong to.
      const parent = i > 0 ? stack[i - 1] : null;
      const named = (title: string, what: string) => (parent && "name" in parent && parent.name === title ? what : `${title} › ${what}`);
      switch (r.screen) {
        case "jobs":
          return "jobs";
        case "nodes":
          return "nodes";
        case "node":
          return r.nodeId;
        case "execution":
          return named(r.name, executionLabel(r.executionId));
        case "events":
          return named(r.name, "events");
        case "describe":
          return named(r.name, "describe");
        case "namespaces":
          return "namespaces";
        case "pick":
          return "pick execution";
        case "job":
          return r.name;
        case "runs":
          return "runs";
        case "run":
          return `run ${r.runId.slice(-6).toLowerCase()}`;
        case "versions":
          return "versions";
        case "logs":
          return named(r.title, "logs");
        case "metrics":
          return named(r.title, "metrics");
      }
    })
    .join(" › ");
}

export type NavAction = { type: "push"; route: Route } | { type: "pop" } | { type: "reset"; route: Route };

export function navReducer(stack: Route[], action: NavAction): Route[] {
  switch (action.type) {
    case "push":
      return [...stack, action.route];
    case "pop":
      return stack.length > 1 ? stack.slice(0, -1) : stack;
    case "reset":
      return [action.route];
  }
}
