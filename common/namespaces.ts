/**
 * Namespaces are hierarchical: "workspace/project", or a flat "name" that is
 * a workspace of its own (every namespace written before projects existed).
 * A token granted on a workspace holds in all of its projects; one granted on
 * a project holds there only. The server, the CLI and the TUI split names here.
 */
export const PROJECT_SEPARATOR = "/";

export interface NamespaceParts {
  workspace: string;
  /** Null for a flat namespace (the workspace itself). */
  project: string | null;
}

export function namespaceParts(namespace: string): NamespaceParts {
  const at = namespace.indexOf(PROJECT_SEPARATOR);
  return at < 0 ? { workspace: namespace, project: null } : { workspace: namespace.slice(0, at), project: namespace.slice(at + 1) };
}

export function workspaceOf(namespace: string): string {
  return namespaceParts(namespace).workspace;
}

/** Whether `namespace` is the workspace itself or one of its projects. */
export function inWorkspace(namespace: string | null | undefined, workspace: string): boolean {
  if (!namespace) return false;
  return namespace === workspace || namespace.startsWith(workspace + PROJECT_SEPARATOR);
}
