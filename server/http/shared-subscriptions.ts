import { Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { Principal } from "../auth/principal.ts";

/**
 * A root subscription field whose stream starts "from now" unless a resume
 * argument is given marks itself with this extension, naming that argument.
 * Every subscriber of such a field with the same document, variables and
 * principal would compute the same payloads, so they share one execution.
 * Fields that replay something per subscriber (a log's stored lines, a
 * node's full desired set) do not carry it and always run on their own.
 */
export const SHARED_UNLESS = "sharedUnlessArgument";

/** What a socket that shares an execution needs: `ws` sockets have both. */
export interface SharedSocket {
  readonly readyState: number;
  send(data: Buffer, options: { binary: false }): void;
}

const OPEN = 1;
const MESSAGE_END = Buffer.from("}");
/** A text frame whose bytes are given: no string is built or encoded again per socket. */
const TEXT = { binary: false } as const;

type Outcome = AsyncIterable<ExecutionResult> | ExecutionResult;

/**
 * One subscription executed once per event for every subscriber that shares
 * it: each result is serialised once and the same payload bytes go to every
 * member, with only the member's operation id spliced into the message.
 */
export class SharedExecution {
  private readonly members = new Set<Member>();
  private source: AsyncIterator<ExecutionResult> | null = null;
  private outcome: Promise<Outcome> | null = null;
  private ended = false;

  constructor(
    readonly key: string,
    readonly document: DocumentNode,
    private readonly start: () => Promise<Outcome>,
    private readonly onEnd: (e: SharedExecution) => void,
  ) {}

  get size(): number {
    return this.members.size;
  }

  /**
   * Adds a subscriber. Resolves to the subscription's result when it could not
   * start (its errors, sent to this subscriber alone as graphql-ws does), or
   * to this member's stream for graphql-ws to follow: it yields nothing itself
   * (payloads are sent directly), ends when the shared stream ends, fails with
   * its error, and leaves the execution when graphql-ws returns it.
   */
  async join(socket: SharedSocket, id: string): Promise<Outcome> {
    const member = new Member(this, socket, id);
    this.members.add(member);
    this.outcome ??= this.begin();
    const outcome = await this.outcome;
    if (!isAsyncIterable(outcome)) {
      this.members.delete(member);
      return outcome;
    }
    return member;
  }

  leave(member: Member): void {
    if (!this.members.delete(member) || this.members.size > 0) return;
    this.finish();
    // The last subscriber left: stop the source, which removes its event listener.
    void this.source?.return?.().catch(() => {});
  }

  private async begin(): Promise<Outcome> {
    let outcome: Outcome;
    try {
      outcome = await this.start();
    } catch (err) {
      this.finish();
      throw err;
    }
    if (!isAsyncIterable(outcome)) {
      this.finish();
      return outcome;
    }
    this.source = outcome[Symbol.asyncIterator]();
    void this.pump(this.source);
    return outcome;
  }

  private async pump(source: AsyncIterator<ExecutionResult>): Promise<void> {
    try {
      for (;;) {
        const step = await source.next();
        if (step.done) break;
        if (this.members.size === 0) continue;
        // The same fields graphql-ws sends, errors last and only when present.
        const { errors, ...rest } = step.value;
        // Serialised and encoded once; each member adds only its operation id around these bytes.
        const payload = Buffer.from(JSON.stringify(errors ? { ...rest, errors: errors.map((e) => e.toJSON()) } : rest));
        for (const m of this.members) m.deliver(payload);
      }
      this.finish();
      for (const m of [...this.members]) m.end(null);
    } catch (err) {
      this.finish();
      for (const m of [...this.members]) m.end(err);
    }
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(this);
  }
}

/** One subscriber's side of a shared execution, as the async iterator graphql-ws follows. */
class Member implements AsyncIterableIterator<ExecutionResult> {
  private readonly prefix: Buffer;
  private settle: ((r: IteratorResult<ExecutionResult>) => void) | null = null;
  private fail: ((err: unknown) => void) | null = null;
  private done: { err: unknown } | null = null;

  constructor(
    private readonly execution: SharedExecution,
    private readonly socket: SharedSocket,
    id: string,
  ) {
    this.prefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
  }

  deliver(payload: Buffer): void {
    if (this.socket.readyState !== OPEN) return;
    this.socket.send(Buffer.concat([this.prefix, payload, MESSAGE_END], this.prefix.length + payload.length + 1), TEXT);
  }

  end(err: unknown): void {
    this.done = { err };
    if (err == null) this.settle?.({ done: true, value: undefined });
    else this.fail?.(err);
    this.settle = this.fail = null;
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.done) return this.done.err == null ? Promise.resolve({ done: true, value: undefined }) : Promise.reject(this.done.err);
    return new Promise((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.execution.leave(this);
    this.end(null);
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** The shared executions running now, by what makes subscribers share. */
export class SharedSubscriptions {
  private readonly running = new Map<string, SharedExecution>();
  /** Results produced by subscription executions, shared or not (see countSubscriptionResults). */
  executedResults = 0;

  /** Shared executions running now (each holds one event listener). */
  get size(): number {
    return this.running.size;
  }

  /** The parsed document of the execution running for `key`, if any: a subscriber of it needs no parsing or validation. */
  document(key: string): DocumentNode | undefined {
    return this.running.get(key)?.document;
  }

  /**
   * Joins the execution running for `key`, or starts one with `start` (the
   * caller's own enveloped subscribe). Looking up and joining happen in one
   * step, so a subscriber never joins an execution that just ended.
   */
  join(key: string, document: DocumentNode, start: () => Promise<Outcome>, socket: SharedSocket, id: string): Promise<Outcome> {
    let e = this.running.get(key);
    if (!e) {
      e = new SharedExecution(key, document, start, (ended) => {
        if (this.running.get(ended.key) === ended) this.running.delete(ended.key);
      });
      this.running.set(key, e);
    }
    return e.join(socket, id);
  }
}

export interface SubscribeParams {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * What subscribers must have in common to share: the same text, operation and
 * variables, asked by the same token (so every authorisation decision, and
 * every message naming the token, is the same for all of them).
 */
export function shareKey(params: SubscribeParams, principal: Principal): string {
  return JSON.stringify([principal.tokenId, params.operationName ?? null, params.variables ?? null, params.query]);
}

/**
 * Whether a validated document may share: a subscription whose root field is
 * marked shareable and whose resume argument is absent or null.
 */
export function isShareable(schema: GraphQLSchema, document: DocumentNode, params: SubscribeParams): boolean {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = params.operationName ? operations.find((o) => o.name?.value === params.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!op || op.operation !== "subscription") return false;
  const fields = schema.getSubscriptionType()?.getFields();
  const roots = op.selectionSet.selections;
  // A single plain root field (validation allows exactly one; fragments are left to run alone).
  if (roots.length !== 1 || roots[0].kind !== Kind.FIELD) return false;
  const root = roots[0];
  const resumeArg = fields?.[root.name.value]?.extensions?.[SHARED_UNLESS];
  if (typeof resumeArg !== "string") return false;
  if (root.directives?.length) return false;
  const given = root.arguments?.find((a) => a.name.value === resumeArg);
  if (!given) return true;
  if (given.value.kind === Kind.NULL) return true;
  if (given.value.kind !== Kind.VARIABLE) return false;
  const name = given.value.name.value;
  if (params.variables && name in params.variables) return params.variables[name] == null;
  const declared = op.variableDefinitions?.find((v) => v.variable.name.value === name);
  return !declared?.defaultValue || declared.defaultValue.kind === Kind.NULL;
}

function isAsyncIterable(v: unknown): v is AsyncIterable<ExecutionResult> {
  return typeof (v as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === "function";
}
