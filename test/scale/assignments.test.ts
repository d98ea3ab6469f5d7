// An agent with a thousand pending executions receives them all: no statement's
// parameters grow with the node's executions.
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { databaseProviders } from "../support/database.ts";
import { nodeAssignments } from "../../server/agents/assignments.ts";
import { execution, seedNode, seedRunningServices } from "./seed.ts";

const providers = await databaseProviders();
const PENDING = 1_200;

describe.each(providers)("assignments at scale on %s", (provider) => {
  let t: TestServer;
  afterAll(async () => t?.stop());

  it(`a node with ${PENDING} pending executions gets its full set`, async () => {
    t = await startTestServer(provider, { controlLoops: false });
    const prisma = t.services().db.prisma;
    await seedNode(prisma, "node-busy", { pool: "busy" });
    const jobs = await seedRunningServices(prisma, PENDING, "node-busy", { pool: "busy" });
    // Placed, not yet started: what a node that was away finds waiting.
    await prisma.execution.deleteMany({});
    const now = new Date();
    await prisma.execution.createMany({ data: jobs.map((id) => execution(id, "node-busy", "service", null, "RUNNING", "PENDING", now)) });
    const stream = nodeAssignments(t.services(), "node-busy");
    const first = await stream.next();
    await stream.return(undefined);
    expect(first.value?.full).toBe(true);
    expect(first.value?.assignments).toHaveLength(PENDING);
    expect(new Set(first.value!.assignments.map((a: { jobId: string }) => a.jobId)).size).toBe(PENDING);
    expect(first.value!.assignments.every((a: { spec: { type: string }; jobName: string }) => a.spec.type === "service" && a.jobName.startsWith("svc-"))).toBe(true);
  }, 120_000);
});
