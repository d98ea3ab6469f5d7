import type { PrismaClient, Job } from "../db/client.ts";
import { DroverError } from "../errors.ts";

/** How callers name a job: its id, or its namespace and name. */
export interface JobRef {
  id?: string | null;
  namespace?: string | null;
  name?: string | null;
}

export function jobWhere(ref: JobRef): { id: string } | { namespace_name: { namespace: string; name: string } } {
  if (ref.id) return { id: ref.id };
  if (ref.name) return { namespace_name: { namespace: ref.namespace || "default", name: ref.name } };
  throw new DroverError("VALIDATION_FAILED", "give a job id, or a name (and namespace)", { field: "id" });
}

export async function findJob(prisma: PrismaClient, ref: JobRef): Promise<Job | null> {
  return prisma.job.findUnique({ where: jobWhere(ref) });
}

export async function getJob(prisma: PrismaClient, ref: JobRef): Promise<Job> {
  const job = await findJob(prisma, ref);
  if (!job) {
    const what = ref.id ? `job ${ref.id}` : `job ${ref.namespace || "default"}/${ref.name}`;
    throw new DroverError("NOT_FOUND", `${what} not found`, { field: ref.id ? "id" : "name" });
  }
  return job;
}
