import { PROJECT_SEPARATOR } from "../../common/namespaces.ts";

/** Rows of a workspace and all of its projects, as a Prisma `where` over a `namespace` column. */
export function workspaceWhere(workspace: string | undefined | null): object {
  return workspace ? { OR: [{ namespace: workspace }, { namespace: { startsWith: workspace + PROJECT_SEPARATOR } }] } : {};
}
