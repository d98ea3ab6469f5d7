import { PROJECT_SEPARATOR } from "../common/namespaces.ts";

/**
 * The TUI's scope (`:ns NAME`, the namespace picker) as list and stream
 * variables: "acme/web" is one project; "acme" is the whole workspace, its
 * own flat namespace and every project in it; null is everything.
 */
export function scopeVariables(scope: string | null): { namespace: string | null; workspace: string | null } {
  if (scope === null) return { namespace: null, workspace: null };
  return scope.includes(PROJECT_SEPARATOR) ? { namespace: scope, workspace: null } : { namespace: null, workspace: scope };
}
