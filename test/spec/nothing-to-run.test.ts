import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

// The seed's example spec (seeds/jobs-list-response.txt): a pipeline with
// config and nothing to run it. It used to be accepted and then restart
// forever with "the job has neither command nor args to run".
const SEED = {
  name: "log-processor",
  namespace: "production",
  type: "PIPELINE",
  description: "Processes application logs from edge nodes",
  priority: 50,
  labels: { env: "production", region: "us-west" },
  selector: { matchLabels: { env: "production" } },
  config: { input: { file: { paths: ["/var/log/app/*.log"] } }, output: { stdout: {} } },
};

const SUBMIT = `mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id spec { command args image } } } }`;

describe("a job must say what it runs", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("sqlite", { controlLoops: false });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("refuses the seed's pipeline (config, no command) with VALIDATION_FAILED on command and a hint, writing nothing", async () => {
    const r = await t.gql(SUBMIT, { input: SEED });
    expect(r.data?.submitJob ?? null).toBeNull();
    expect(r.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "command" });
    expect(r.errors?.[0].message).toMatch(/command: is required when there are no args and no image: nothing would run.*DROVER_CONFIG/);
    expect(await t.services().db.prisma.job.count()).toBe(0);
    // Blank strings and an empty list say nothing either (Go-produced JSON writes "" for unset strings).
    const blank = await t.gql(SUBMIT, { input: { ...SEED, command: " ", args: [], image: "" } });
    expect(blank.errors?.[0].extensions?.field).toBe("command");
  });

  it("accepts it with a command, with args, or with an image alone", async () => {
    for (const [name, run] of [
      ["with-command", { command: 'process-logs --config "$DROVER_CONFIG"' }],
      ["with-args", { args: ["/usr/bin/process-logs", "--once"] }],
      ["with-image", { image: "alpine:3.20" }],
    ] as const) {
      const r = await t.gql(SUBMIT, { input: { ...SEED, name, ...run } });
      expect(r.errors, name).toBeUndefined();
    }
  });

  it("updateJob may not take away the last thing a job runs", async () => {
    const id = (await t.gql(SUBMIT, { input: { ...SEED, name: "upd", command: "true" } })).data.submitJob.job.id;
    const r = await t.gql(`mutation($input: UpdateJobInput!) { updateJob(input: $input) { job { id } } }`, { input: { id, command: null } });
    expect(r.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "command" });
    const swapped = await t.gql(`mutation($input: UpdateJobInput!) { updateJob(input: $input) { job { spec { command args } } } }`, {
      input: { id, command: null, args: ["/bin/true"] },
    });
    expect(swapped.errors).toBeUndefined();
    expect(swapped.data.updateJob.job.spec).toEqual({ command: null, args: ["/bin/true"] });
  });
});
