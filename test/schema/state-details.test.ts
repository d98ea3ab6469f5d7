import { describe, expect, it } from "vitest";
import { desiredStateDetails, executionDetails, jobStateDetails } from "../../server/graphql/state-details.ts";

const exec = (over: Record<string, unknown>) =>
  ({ computeState: "RUNNING", computeMessage: "", computeDetails: {}, details: {}, exitCode: null, attempt: 1, nodeId: "n1", ...over }) as Parameters<typeof executionDetails>[0];

describe("details maps (table)", () => {
  it("names each stop reason the scheduler writes", () => {
    const table: [string, string][] = [
      ["run ended", "RUN_ENDED"],
      ["job stopped", "JOB_STOPPED"],
      ["job deleted", "JOB_DELETED"],
      ["total timeout (30s) exceeded", "TOTAL_TIMEOUT"],
      ["queue timeout (5s) exceeded", "QUEUE_TIMEOUT"],
      ["node draining", "NODE_DRAINING"],
      ["node down", "NODE_LOST"],
      ["node n1 stopped heartbeating (last never)", "NODE_LOST"],
      ["node no longer matches the selector", "SELECTOR_MISMATCH"],
      ["duplicate execution on the node", "DUPLICATE"],
      ["replaced (update to v3)", "REPLACED"],
      ["replaced (rollback)", "REPLACED"],
      ["timeout: agent did not respond", "AGENT_TIMEOUT"],
      ["something new", "STOP_REQUESTED"],
    ];
    for (const [message, code] of table) {
      expect(desiredStateDetails({ desiredState: "STOPPED", desiredMessage: message, attempt: 1 }).code, message).toBe(code);
    }
    expect(desiredStateDetails({ desiredState: "RUNNING", desiredMessage: "restart (attempt 3)", attempt: 3 })).toEqual({ code: "RESTART", component: "scheduler", attempt: "3" });
    expect(desiredStateDetails({ desiredState: "RUNNING", desiredMessage: "moved from n2, which cannot run it (attempt 2)", attempt: 2 }).code).toBe("MOVED_FROM_INFEASIBLE_NODE");
  });

  it("keeps the agent's code and facts, derives a loss, and adds a hint", () => {
    expect(executionDetails(exec({ computeState: "FAILED", computeDetails: { code: "SIGNALED", signal: "SIGKILL" }, exitCode: null }))).toMatchObject({
      code: "SIGNALED", signal: "SIGKILL", component: "agent", nodeId: "n1", attempt: "1",
    });
    const lost = executionDetails(exec({ computeState: "LOST", computeMessage: "node n1 stopped heartbeating (last never)" }));
    expect(lost).toMatchObject({ code: "NODE_LOST", component: "scheduler" });
    expect(lost.hint).toMatch(/another node/);
    expect(executionDetails(exec({ computeState: "FAILED", exitCode: 2 }))).toMatchObject({ code: "NONZERO_EXIT", exitCode: "2" });
    expect(executionDetails(exec({ computeState: "COMPLETE", exitCode: 0 }))).toEqual({ nodeId: "n1", attempt: "1", exitCode: "0" });
  });

  it("names the placement step that left no node", () => {
    const placement = { steps: [{ check: "state", term: "READY", filteredOut: 0, remaining: 3 }, { check: "selector", term: "gpu=yes", filteredOut: 3, remaining: 0 }, { check: "capacity", term: "free capacity", filteredOut: 0, remaining: 0 }] };
    expect(jobStateDetails({ code: "NO_TARGET_NODES" }, placement)).toMatchObject({ code: "NO_TARGET_NODES", failedCheck: "selector", failedTerm: "gpu=yes" });
    expect(jobStateDetails({}, null)).toEqual({});
  });
});
