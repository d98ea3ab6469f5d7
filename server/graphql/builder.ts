import SchemaBuilder from "@pothos/core";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import type PrismaTypes from "../db/generated/pothos-types.ts";
import { getDatamodel } from "../db/generated/pothos-types.ts";
import type { JsonValue } from "./scalar-types.ts";
import { typeOfId } from "../ids.ts";
import type { Context } from "./context.ts";

/**
 * The schema builder. It defines no types itself: each domain file under
 * schema/ adds its own objects, queries, mutations and subscriptions.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: JsonValue; Output: unknown };
    StringMap: { Input: Record<string, string>; Output: Record<string, string> };
    Seq: { Input: number; Output: number | bigint };
    ID: { Input: string; Output: string };
  };
}>({
  plugins: [RelayPlugin, PrismaPlugin],
  // Fields are non-null unless they say otherwise, so the schema states what is guaranteed.
  defaultFieldNullability: false,
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // In Drover a Node is a machine running an agent, and `node`/`nodes` are its
    // queries. The Relay interface is therefore called Entity, and its generic
    // node/nodes lookups are replaced by typed queries (job, node, run, ...).
    nodeTypeOptions: {
      name: "Entity",
      description: "An object with a global id (the Relay Node interface; Node is a machine in Drover).",
    },
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // Drover ids are already global: their prefix names their type (job-, exec-, ...).
    encodeGlobalID: (_typename, id) => String(id),
    decodeGlobalID: (globalID) => ({ typename: typeOfId(globalID) ?? "Unknown", id: globalID }),
  },
  prisma: {
    // The client lives in the services, not the context type, to keep type-checking fast.
    client: (ctx) => ctx.services.db.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === "production" ? null : "error",
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
