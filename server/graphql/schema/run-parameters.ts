/**
 * Run parameters in the schema: a job's declaration (spec.parameters) and
 * the values one run was given. See server/spec/parameters.ts.
 */
import { builder } from "../builder.ts";
import type { RunParameters } from "../../spec/parameters.ts";
import { PARAMETER_LIMITS } from "../../spec/parameters.ts";

export const RunParametersRef = builder.objectRef<RunParameters>("RunParameters").implement({
  description:
    "What a run of this batch or broadcast job may be given (Nomad's parameterized block): meta keys, as DROVER_META_<KEY> in the process's environment, and a payload, as the file DROVER_PAYLOAD_FILE names.",
  fields: (t) => ({
    metaRequired: t.stringList({ description: "Keys every trigger must pass.", resolve: (p) => p.metaRequired }),
    metaOptional: t.stringList({ description: "Keys a trigger may pass.", resolve: (p) => p.metaOptional }),
    metaDefaults: t.field({ type: "StringMap", description: "Values of optional keys a trigger (or a cron fire) leaves out.", resolve: (p) => p.metaDefaults }),
    payloadMaxBytes: t.exposeInt("payloadMaxBytes", { description: "The largest payload a run takes, in bytes; 0: none." }),
  }),
});

export const RunParametersInput = builder.inputType("RunParametersInput", {
  fields: (t) => ({
    metaRequired: t.stringList({ description: 'Keys every trigger must pass: letters, digits and "_". A scheduled job cannot require any.' }),
    metaOptional: t.stringList({ description: "Keys a trigger may pass." }),
    metaDefaults: t.field({ type: "StringMap", description: "Defaults for optional keys." }),
    payloadMaxBytes: t.int({ description: `The largest payload in bytes, 0-${PARAMETER_LIMITS.payloadMaxBytes}; 0 or unset: runs take no payload.` }),
  }),
});
