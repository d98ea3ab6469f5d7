// Jobs with runs, made through the public API the way users make them.
import type { DroverChild } from "./drover-server.ts";
import { progress } from "./env.ts";

/** A seeding request that failed is tried again (and said on stderr): the seed is setup, not the measurement. */
async function withRetry<T>(what: string, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= 3) throw err;
      progress("seed", `${what} failed (${(err as Error).message}), trying again`);
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/** OPS jobs matching no node (they stay put: nothing to place), each with `runsPerJob` triggered runs. */
export async function seedJobs(drover: DroverChild, count: number, runsPerJob: number, prefix = "seed"): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const i = next++;
        const name = `${prefix}-${String(i).padStart(5, "0")}`;
        const { submitJob } = await withRetry(`submitJob ${name}`, () =>
          drover.gql<{ submitJob: { job: { id: string } } }>(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, {
            input: { name, type: "OPS", command: "echo hello", selector: { matchLabels: { bench: "nowhere" } } },
          }),
        );
        ids.push(submitJob.job.id);
        for (let r = 0; r < runsPerJob; r++) {
          await withRetry(`triggerRun ${name}`, () => drover.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: submitJob.job.id }));
        }
      }
    }),
  );
  return ids;
}

/**
 * Waits until the scheduler has worked off what seeding queued (no evaluation
 * pending or running), so a read benchmark measures the reads, not the
 * seed's backlog being scheduled beside them.
 */
export async function settle(drover: DroverChild, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(
      ["PENDING", "RUNNING"].map((status) =>
        drover.gql<{ evaluations: { totalCount: number } }>(`query($s: EvaluationStatus) { evaluations(status: $s, first: 1) { totalCount } }`, { s: status }),
      ),
    );
    const open = counts.reduce((n, c) => n + c.evaluations.totalCount, 0);
    if (open === 0) return;
    if (Date.now() > deadline) throw new Error(`the scheduler still had ${open} evaluations open after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
