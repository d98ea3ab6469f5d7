import { builder } from "../builder.ts";
import {
  createApiToken,
  createJoinToken,
  listApiTokens,
  listJoinTokens,
  revokeToken,
  type TokenInfo,
} from "../../auth/token-admin.ts";
import type { Role } from "../../auth/principal.ts";

const RULE =
  "Only admins manage tokens: a token of namespace N needs the admin role in N; namespace \"*\" and join tokens need a cluster admin (the quickstart's token, or role ADMIN in \"*\").";

export const TokenRoleEnum = builder.enumType("TokenRole", {
  description: "VIEWER reads; OPERATOR reads and changes jobs and runs; ADMIN also manages nodes and tokens.",
  values: ["VIEWER", "OPERATOR", "ADMIN"] as const,
});

const toRole = (r: "VIEWER" | "OPERATOR" | "ADMIN") => r.toLowerCase() as Role;
const fromRole = (r: Role | null) => (r ? (r.toUpperCase() as "VIEWER" | "OPERATOR" | "ADMIN") : null);

const TokenRef = builder.objectRef<TokenInfo>("Token").implement({
  description: "An API token. The secret is shown once, when it is created, and never stored (only its SHA-256 is).",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    namespace: t.string({ description: '"*" for every namespace.', resolve: (x) => x.namespace ?? "*" }),
    role: t.field({ type: TokenRoleEnum, resolve: (x) => fromRole(x.role) ?? "VIEWER" }),
    createdAt: t.field({ type: "DateTime", resolve: (x) => x.createdAt }),
    lastUsedAt: t.field({ type: "DateTime", nullable: true, description: "To the minute.", resolve: (x) => x.lastUsedAt }),
    expiresAt: t.field({ type: "DateTime", nullable: true, resolve: (x) => x.expiresAt }),
    revokedAt: t.field({ type: "DateTime", nullable: true, resolve: (x) => x.revokedAt }),
  }),
});

const JoinTokenRef = builder.objectRef<TokenInfo>("JoinToken").implement({
  description: "A reusable token agents register new nodes with.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    maxUses: t.exposeInt("maxUses", { nullable: true, description: "Successful registrations allowed; null for no limit." }),
    uses: t.exposeInt("uses", { description: "Successful registrations so far (refused ones do not count)." }),
    createdAt: t.field({ type: "DateTime", resolve: (x) => x.createdAt }),
    lastUsedAt: t.field({ type: "DateTime", nullable: true, resolve: (x) => x.lastUsedAt }),
    expiresAt: t.field({ type: "DateTime", nullable: true, resolve: (x) => x.expiresAt }),
    revokedAt: t.field({ type: "DateTime", nullable: true, resolve: (x) => x.revokedAt }),
  }),
});

const CreateTokenInput = builder.inputType("CreateTokenInput", {
  fields: (t) => ({
    namespace: t.string({ description: 'The namespace the role applies to; "*" for every namespace. Default "default".' }),
    role: t.field({ type: TokenRoleEnum, required: true }),
    name: t.string({ required: true, description: "Who or what uses it, e.g. ci-deploy." }),
    expiresIn: t.string({ description: 'A duration such as "720h"; none for no expiry.' }),
  }),
});

const CreateTokenPayloadRef = builder.objectRef<{ token: TokenInfo; secret: string }>("CreateTokenPayload").implement({
  fields: (t) => ({
    token: t.field({ type: TokenRef, resolve: (r) => r.token }),
    secret: t.exposeString("secret", { description: "Shown once: send it as Authorization: Bearer <secret>." }),
  }),
});

const JoinTokenPayloadRef = builder.objectRef<{ token: TokenInfo; secret: string }>("JoinTokenPayload").implement({
  fields: (t) => ({
    id: t.id({ resolve: (r) => r.token.id }),
    token: t.exposeString("secret", { description: "Shown once; agents pass it as --token to register." }),
    joinToken: t.field({ type: JoinTokenRef, resolve: (r) => r.token }),
  }),
});

builder.queryFields((t) => ({
  tokens: t.field({
    type: [TokenRef],
    description: `API tokens of a namespace (without one: of every namespace), revoked ones included. ${RULE}`,
    args: { namespace: t.arg.string() },
    resolve: (_root, args, ctx) => listApiTokens(ctx.services, ctx.principal, args.namespace),
  }),
  joinTokens: t.field({
    type: [JoinTokenRef],
    description: `Join tokens, revoked ones included. ${RULE}`,
    resolve: (_root, _args, ctx) => listJoinTokens(ctx.services, ctx.principal),
  }),
}));

builder.mutationFields((t) => ({
  createToken: t.field({
    type: CreateTokenPayloadRef,
    description: `A new API token with one role in one namespace. ${RULE}`,
    args: { input: t.arg({ type: CreateTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createApiToken(ctx.services, ctx.principal, {
        namespace: input.namespace ?? "default",
        role: toRole(input.role),
        name: input.name,
        expiresIn: input.expiresIn,
      }),
  }),
  revokeToken: t.field({
    type: TokenRef,
    description: `Revokes an API token: its requests fail UNAUTHENTICATED at once and its WebSocket connections close (4403). ${RULE}`,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => revokeToken(ctx.services, ctx.principal, String(args.id), "api"),
  }),
  createJoinToken: t.field({
    type: JoinTokenPayloadRef,
    description: `A reusable token agents register new nodes with (optional max uses and lifetime). ${RULE}`,
    args: {
      name: t.arg.string({ required: true }),
      maxUses: t.arg.int(),
      expiresIn: t.arg.string({ description: 'A duration such as "24h".' }),
    },
    resolve: (_root, args, ctx) => createJoinToken(ctx.services, ctx.principal, args),
  }),
  revokeJoinToken: t.field({
    type: JoinTokenRef,
    description: `Revokes a join token: no more registrations with it (nodes it registered keep their own tokens). ${RULE}`,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => revokeToken(ctx.services, ctx.principal, String(args.id), "join"),
  }),
}));
