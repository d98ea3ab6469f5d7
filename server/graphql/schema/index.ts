import { builder } from "../builder.ts";
import { describeSeedFields } from "../seed-fields.ts";
import "./scalars.ts";
import "./enums.ts";
import "./job-spec.ts";
import "./rollout.ts";
import "./run.ts";
import "./run-list.ts";
import "./job.ts";
import "./job-mutations.ts";
import "./job-events.ts";
import "./node.ts";
import "./node-resources.ts";
import "./execution.ts";
import "./execution-resources.ts";
import "./evaluation.ts";
import "./agent.ts";
import "./tokens.ts";
import "./logs.ts";
import "./cluster-events.ts";
import "./metrics.ts";
import "./rollout-controls.ts";
import "./event-stream.ts";
import "./schedule-controls.ts";

/** The whole schema. Importing this builds it once per process. */
export const schema = describeSeedFields(builder.toSchema({ sortSchema: false }));
