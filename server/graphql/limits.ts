import type { Plugin } from "graphql-yoga";
import type { GraphQLError } from "graphql";
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { DroverError } from "../errors.ts";

/**
 * What one operation may ask for, checked before it runs, over HTTP and
 * graphql-ws alike (both go through Yoga's envelop). A thousand aliases of
 * `jobs(first: 100)` took 27 s and 1 GB; these bound such a request to a
 * refusal in milliseconds. The values leave room over Drover's own clients
 * (test/security/operation-limits.test.ts checks every document they send).
 */
export interface OperationLimits {
  /** Nesting of fields (fragments flattened). */
  depth: number;
  /** Aliased fields in the whole operation. */
  aliases: number;
  /** Lexical tokens of the document: bounds the parser's work itself. */
  tokens: number;
  /**
   * graphql-armor's cost: 2 per object field and 1 per scalar, each level
   * weighing 1.5 times its parent, multiplied by a literal `first`/`last`.
   * `jobs(first: 100) { edges { node { id name } } }` costs about 1,500.
   */
  cost: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = { depth: 12, aliases: 30, tokens: 4000, cost: 50_000 };

/** Yoga plugins enforcing `limits`; a refusal is LIMIT_EXCEEDED naming the limit. */
export function operationLimitPlugins(limits: OperationLimits = DEFAULT_OPERATION_LIMITS): Plugin[] {
  return [
    maxTokensPlugin({ n: limits.tokens, onReject: [refuse("tokens", limits.tokens)] }),
    maxDepthPlugin({ n: limits.depth, flattenFragments: true, onReject: [refuse("depth", limits.depth)] }),
    maxAliasesPlugin({ n: limits.aliases, onReject: [refuse("aliases", limits.aliases)] }),
    costLimitPlugin({ maxCost: limits.cost, flattenFragments: true, onReject: [refuse("cost", limits.cost)] }),
  ];
}

/**
 * graphql-armor calls this before throwing its own uncoded error; throwing
 * here replaces that error with Drover's coded one.
 */
function refuse(limit: keyof OperationLimits, max: number) {
  return (_ctx: unknown, err: GraphQLError): never => {
    const message = err.message.replace(/^Syntax Error: /, "");
    throw new DroverError("LIMIT_EXCEEDED", `operation refused: ${message}`, { details: { limit, max, http: { status: 400 } } });
  };
}
