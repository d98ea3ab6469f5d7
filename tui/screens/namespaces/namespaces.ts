import { namespaceParts } from "../../../common/namespaces.ts";

/** One row of the namespace picker: a namespace and how many jobs it holds; null is every namespace. */
export interface NamespaceRow {
  namespace: string | null;
  jobs: number;
}

/**
 * "all" first, then every namespace that has jobs, by name, each workspace
 * with projects listed before them with the jobs of all of its projects
 * (picking it shows them all); the current one is kept even when empty.
 */
export function namespaceRows(jobNamespaces: string[], current: string | null): NamespaceRow[] {
  const counts = new Map<string, number>();
  for (const ns of jobNamespaces) {
    counts.set(ns, (counts.get(ns) ?? 0) + 1);
    const { workspace, project } = namespaceParts(ns);
    if (project !== null) counts.set(workspace, (counts.get(workspace) ?? 0) + 1);
  }
  if (current !== null && !counts.has(current)) counts.set(current, 0);
  const named = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([namespace, jobs]) => ({ namespace, jobs }));
  return [{ namespace: null, jobs: jobNamespaces.length }, ...named];
}
