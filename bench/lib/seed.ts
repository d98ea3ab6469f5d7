// Jobs with runs, made through the public API the way users make them.
import type { DroverChild } from "./drover-server.ts";

/** OPS jobs matching no node (they stay put: nothing to place), each with `runsPerJob` triggered runs. */
export async function seedJobs(drover: DroverChild, count: number, runsPerJob: number, prefix = "seed"): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const i = next++;
        const { submitJob } = await drover.gql<{ submitJob: { job: { id: string } } }>(
          `mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`,
          { input: { name: `${prefix}-${String(i).padStart(5, "0")}`, type: "OPS", command: "echo hello", selector: { matchLabels: { bench: "nowhere" } } } },
        );
        ids.push(submitJob.job.id);
        for (let r = 0; r < runsPerJob; r++) {
          await drover.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: submitJob.job.id });
        }
      }
    }),
  );
  return ids;
}
