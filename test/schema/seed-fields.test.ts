import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../../server/graphql/schema/index.ts";
import { describeSeedFields, SEED_FIELDS } from "../../server/graphql/seed-fields.ts";

// Every field of the seeds' responses, as the seeds spell them: each must be
// named by the schema field that carries it.
const SEED_PATHS = [
  "spec.name", "spec.namespace", "spec.type", "spec.description", "spec.labels", "spec.meta", "spec.priority", "spec.config",
  "spec.selector.match_labels", "spec.selector.match_ids", "spec.selector.match_expressions",
  "spec.deployment.strategy", "spec.deployment.max_parallel", "spec.deployment.canary_count", "spec.deployment.canary_percent",
  "spec.deployment.auto_promote", "spec.deployment.max_failed_nodes", "spec.deployment.max_failed_nodes_percent", "spec.deployment.no_auto_rollback",
  "health_check.deadline", "health_check.min_healthy_time", "health_check.max_error_rate",
  "spec.timeouts.execution_timeout", "spec.timeouts.queue_timeout", "spec.timeouts.total_timeout",
  "status.created_at", "status.updated_at", "status.deployment_id", "status.revision", "status.version",
  "state.state_type", "state.message", "state.details",
  "rollout.type", "rollout.current_wave", "rollout.total_waves", "rollout.total_nodes", "rollout.updated_nodes", "rollout.failed_nodes",
  "rollout.canary_nodes", "rollout.canary_promoted", "rollout.rollback_to_version", "rollout.started_at", "rollout.completed_at",
  "job_id", "job_type", "job_version", "node_id", "DeploymentID", "EvalID", "job_spec", "NextExecutionID", "PreviousExecutionID",
  "compute_state.state_type", "compute_state.message", "compute_state.details",
  "desired_state.state_type", "desired_state.message", "desired_state.details",
  "total_items", "status_counts", "items[].status", "items[].created", "items[].updated_at", "items[].operation", "items[].result",
  "items[].changed", "items[].error", "items[].hostname", "items[].responses", "items[].agent_states", "items[].timeline",
  "responses{}.status", "responses{}.data", "responses{}.changed", "responses{}.error", "responses{}.hostname",
  "agent_states{}.status", "agent_states{}.error", "agent_states{}.duration",
  "timeline[].timestamp", "timeline[].event", "timeline[].hostname", "timeline[].message", "timeline[].error",
  "workspace_id", "project_id", "image", "command", "schedule", "tags",
];

describe("seed fields in the schema", () => {
  it("names every seed field on the schema field that carries it", () => {
    const named = Object.values(SEED_FIELDS).join(" | ");
    const missing = SEED_PATHS.filter((p) => !named.includes(p));
    expect(missing).toEqual([]);
  });

  it("puts the seed field in each field's description", () => {
    for (const [path, seed] of Object.entries(SEED_FIELDS)) {
      const [type, field] = path.split(".");
      const description = (schema.getType(type) as { getFields(): Record<string, { description?: string | null }> }).getFields()[field].description;
      expect(description, path).toContain(`Seed: ${seed}.`);
    }
  });

  it("refuses an entry for a field the schema does not have", () => {
    const tiny = buildSchema(`type Query { jobs: Int }`);
    expect(() => describeSeedFields(tiny)).toThrow(/schema does not have/);
  });
});
