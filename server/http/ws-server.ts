import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema, type execute, type subscribe } from "graphql";
import type { Plugin, YogaServerInstance } from "graphql-yoga";
import { WebSocketServer, type WebSocket } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { SubscribePayload } from "graphql-ws";
import { bearerSecret } from "../auth/tokens.ts";
import { refuseSocket, type AuthGate } from "../auth/gate.ts";
import type { Principal } from "../auth/principal.ts";
import type { Context } from "../graphql/context.ts";
import { judgeOrigin } from "./origin.ts";
import { isShareable, shareKey, type SharedSubscriptions } from "./shared-subscriptions.ts";

type Outcome = AsyncIterable<ExecutionResult> | ExecutionResult;

/** Yoga's enveloped execute/subscribe, carried to graphql-ws through rootValue. */
interface EnvelopedRoot {
  execute: typeof execute;
  subscribe: typeof subscribe;
}

/** A subscriber of a shared execution: joins (or starts) it in graphql-ws's subscribe step. */
interface SharedRoot {
  shared: { key: string; document: DocumentNode; operationName?: string | null; start: () => Promise<Outcome>; socket: WebSocket; id: string };
}

export interface WsServerOptions {
  path: string;
  maxPayloadBytes: number;
  corsOrigins: string[];
  auth: AuthGate;
  schema: GraphQLSchema;
  yoga: YogaServerInstance<{ principal?: Principal; remoteAddress?: string }, Context>;
  shared: SharedSubscriptions;
}

export interface WsServer {
  /** Hands an HTTP upgrade to graphql-ws, refusing other paths and foreign pages. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/**
 * graphql-ws on Drover's port. Every operation goes through Yoga's envelop,
 * so it gets the same context, auth and plugins as HTTP; subscriptions that
 * would compute the same payloads share one execution (shared-subscriptions.ts).
 */
export function createWsServer(o: WsServerOptions): WsServer {
  // maxPayload: a larger message closes the socket (1009) before it is parsed, as HTTP refuses a larger body (413).
  const wss = new WebSocketServer({ noServer: true, maxPayload: o.maxPayloadBytes });
  const graphqlWs = useServer<Record<string, unknown>, { principal?: Principal }>(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => {
        const root = args.rootValue as EnvelopedRoot | SharedRoot;
        if ("shared" in root) {
          const s = root.shared;
          return o.shared.join(s.key, s.document, s.start, s.socket, s.id);
        }
        return root.subscribe(args);
      },
      onConnect: async (ctx) => {
        const secret = bearerSecret(authorizationParam(ctx.connectionParams));
        let principal: Principal;
        try {
          principal = await o.auth.authenticate(secret, ctx.extra.request.socket.remoteAddress);
        } catch (err) {
          return refuseSocket(err, ctx.extra.socket); // a bad token: graphql-ws closes with 4403 Forbidden
        }
        o.auth.track(principal, ctx.extra.socket);
        ctx.extra.principal = principal;
        return true;
      },
      onSubscribe: async (ctx, id, params) => {
        const principal = ctx.extra.principal!;
        try {
          await o.auth.countRequest(principal);
        } catch (err) {
          return [err as GraphQLError];
        }
        // Yoga's envelop for this operation, as HTTP gets it.
        const prepare = async (): Promise<ExecutionArgs | readonly GraphQLError[]> => {
          const { schema, execute, subscribe, contextFactory, parse, validate } = o.yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket: ctx.extra.socket,
            params,
            principal,
          });
          let document;
          try {
            document = parse(params.query);
          } catch (err) {
            return [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
          }
          // Operation limits throw their coded error from inside validation.
          let errors;
          try {
            errors = validate(schema, document);
          } catch (err) {
            return [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
          }
          if (errors.length > 0) return errors;
          return {
            schema,
            operationName: params.operationName,
            document,
            variableValues: params.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe } satisfies EnvelopedRoot,
          };
        };
        const key = shareKey(params, principal);
        const running = o.shared.document(key);
        if (running) {
          // The same text was parsed and validated by the subscriber that started it.
          return sharedArgs(o, { key, document: running, operationName: params.operationName, start: startWith(prepare), socket: ctx.extra.socket, id });
        }
        const args = await prepare();
        if (isErrors(args)) return args as GraphQLError[];
        if (!isShareable(args.schema, args.document, params as SubscribePayload & { variables?: Record<string, unknown> | null })) return args;
        return sharedArgs(o, { key, document: args.document, operationName: params.operationName, start: startWith(async () => args), socket: ctx.extra.socket, id });
      },
    },
    wss,
  );

  return {
    upgrade(req, socket, head) {
      if (new URL(req.url ?? "/", "http://drover").pathname !== o.path) {
        socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
        return;
      }
      // Browsers let any page open a WebSocket anywhere, sending its Origin: refuse foreign pages here.
      if (judgeOrigin(req.headers.origin, req.headers.host, o.corsOrigins) === "foreign") {
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    },
    async close() {
      await graphqlWs.dispose();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** The arguments graphql-ws is handed for a shared subscriber: its subscribe step joins the execution. */
function sharedArgs(o: WsServerOptions, shared: SharedRoot["shared"]): ExecutionArgs {
  return { schema: o.schema, document: shared.document, operationName: shared.operationName, contextValue: undefined, rootValue: { shared } satisfies SharedRoot };
}

/** Starts an execution from prepared (or preparable) enveloped arguments; refusals become the result graphql-ws sends. */
function startWith(prepare: () => Promise<ExecutionArgs | readonly GraphQLError[]>): () => Promise<Outcome> {
  return async () => {
    const args = await prepare();
    if (isErrors(args)) return { errors: args };
    return (args.rootValue as EnvelopedRoot).subscribe(args) as Promise<Outcome>;
  };
}

function isErrors(v: ExecutionArgs | readonly GraphQLError[]): v is readonly GraphQLError[] {
  return Array.isArray(v);
}

/**
 * Counts each result a subscription's execution produces, shared or not: the
 * measure of how many times the server executed per event.
 */
export function countSubscriptionResults(shared: SharedSubscriptions): Plugin {
  return {
    onSubscribe: () => ({
      onSubscribeResult: () => ({
        onNext: () => {
          shared.executedResults++;
        },
      }),
    }),
  };
}

function authorizationParam(params: Readonly<Record<string, unknown>> | undefined): string | null {
  if (!params) return null;
  for (const [k, v] of Object.entries(params)) {
    if (k.toLowerCase() === "authorization" && typeof v === "string") return v;
    if (k === "headers" && v && typeof v === "object") {
      const nested = authorizationParam(v as Record<string, unknown>);
      if (nested) return nested;
    }
  }
  return null;
}
