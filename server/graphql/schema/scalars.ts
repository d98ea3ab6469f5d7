import { GraphQLError, Kind, type ValueNode } from "graphql";
import { builder } from "../builder.ts";
import type { JsonValue } from "../scalar-types.ts";

builder.scalarType("DateTime", {
  description: "An ISO 8601 timestamp in UTC, e.g. 2026-01-15T10:35:00.000Z.",
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: (v) => parseDate(v),
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw new GraphQLError("DateTime must be an ISO 8601 string");
    return parseDate(node.value);
  },
});

function parseDate(v: unknown): Date {
  const d = typeof v === "string" ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new GraphQLError(`invalid DateTime ${JSON.stringify(v)}: expected ISO 8601`);
  return d;
}

builder.scalarType("JSON", {
  description: "Any JSON value (job config, broadcast data and results).",
  serialize: (v) => v,
  parseValue: (v) => v as JsonValue,
  parseLiteral: (node) => literalToJson(node),
});

function literalToJson(node: ValueNode): JsonValue {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      throw new GraphQLError("variables are not supported inside JSON literals");
  }
}

builder.scalarType("StringMap", {
  description: "An object of string keys to string values (labels, meta, env, matchLabels, state details).",
  serialize: (v) => v,
  parseValue: (v) => parseStringMap(v),
  parseLiteral: (node) => parseStringMap(literalToJson(node)),
});

function parseStringMap(v: unknown): Record<string, string> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new GraphQLError("StringMap must be an object of string values");
  }
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== "string") throw new GraphQLError(`StringMap value of "${k}" must be a string`);
  }
  return v as Record<string, string>;
}

builder.scalarType("Seq", {
  description:
    "A position in the event log, in commit order. Serialised as a JSON number (exact up to 2^53). Subscriptions take `after: Seq` to resume.",
  serialize: (v) => Number(v),
  parseValue: (v) => parseSeq(v),
  parseLiteral: (node) => {
    if (node.kind !== Kind.INT && node.kind !== Kind.STRING) throw new GraphQLError("Seq must be an integer");
    return parseSeq(node.value);
  },
});

function parseSeq(v: unknown): number {
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw new GraphQLError(`invalid Seq ${JSON.stringify(v)}: expected a non-negative integer`);
  }
  return n;
}
