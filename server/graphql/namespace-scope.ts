import { PROJECT_SEPARATOR } from "../../common/namespaces.ts";
import { workspaceWhere } from "../db/namespace-where.ts";
import { DroverError } from "../errors.ts";
import type { Cond } from "../db/sql-conds.ts";

/** The namespace arguments of a list or a subscription: one project (or flat namespace), or a whole workspace. */
export interface ScopeArgs {
  namespace?: string | null;
  workspace?: string | null;
}

export const WORKSPACE_ARG_DESCRIPTION = 'Every namespace of this workspace: "acme" covers "acme" and "acme/web", "acme/api", ...';

/** The namespace to authorise a read against: the narrower one given, or null for every namespace. */
export function scopeNamespace(args: ScopeArgs): string | null {
  checkWorkspace(args.workspace);
  return args.namespace ?? args.workspace ?? null;
}

/** The rows of the given scope, as a Prisma `where` over a `namespace` column. */
export function scopeWhere(args: ScopeArgs): object {
  checkWorkspace(args.workspace);
  return {
    AND: [
      args.namespace ? { namespace: args.namespace } : {},
      workspaceWhere(args.workspace),
    ],
  };
}

/** The same scope as SQL conditions over a `namespace` column, for the driver-read lists (sql-list.ts). */
export function scopeConds(args: ScopeArgs): Cond[] {
  checkWorkspace(args.workspace);
  const conds: Cond[] = [];
  if (args.namespace) conds.push({ sql: `"namespace" = ?`, params: [args.namespace] });
  if (args.workspace) {
    // A prefix compared with substr, not LIKE: no wildcard in a name can widen it.
    const prefix = args.workspace + PROJECT_SEPARATOR;
    conds.push({ sql: `("namespace" = ? OR substr("namespace", 1, ?) = ?)`, params: [args.workspace, prefix.length, prefix] });
  }
  return conds;
}

function checkWorkspace(workspace: string | null | undefined): void {
  if (workspace?.includes(PROJECT_SEPARATOR)) {
    throw new DroverError("VALIDATION_FAILED", `a workspace has no "${PROJECT_SEPARATOR}": filter one project with namespace: "${workspace}"`, { field: "workspace" });
  }
}
