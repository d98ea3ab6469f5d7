import type { TypedDocumentString } from "./gql/graphql.ts";

/** A GraphQL error as the server sends it, with Drover's code and field. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly field: string | null,
    readonly status: number,
    /** Every problem of a refused input (VALIDATION_FAILED lists them all), field by field. */
    readonly problems: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "RemoteError";
  }

  /** Network failures and 5xx are worth retrying; a refused or invalid request is not. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** A document typed by `npm run codegen`, or a plain query string typed by the caller. */
export type Document<R = unknown, V = Record<string, unknown>> = TypedDocumentString<R, V> | string;

/** Runs one GraphQL operation over HTTP; throws RemoteError with the first error's code and field. */
export async function request<R, V>(
  url: string,
  token: string | null,
  query: TypedDocumentString<R, V>,
  variables: V,
  signal?: AbortSignal,
): Promise<R>;
export async function request<T>(
  url: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T>;
export async function request<T>(
  url: string,
  token: string | null,
  query: Document,
  variables?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: String(query), variables }),
      signal,
    });
  } catch (err) {
    throw new RemoteError(`cannot reach ${url}: ${(err as Error).message}`, null, null, 0);
  }
  let body: {
    data?: T;
    errors?: { message: string; extensions?: { code?: string; field?: string; problems?: { field: string; message: string }[] } }[];
  };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new RemoteError(`${url} answered ${res.status} without JSON`, null, null, res.status);
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new RemoteError(e.message, e.extensions?.code ?? null, e.extensions?.field ?? null, res.status, e.extensions?.problems ?? []);
  }
  if (!res.ok || body.data === undefined) {
    throw new RemoteError(`${url} answered ${res.status}`, null, null, res.status);
  }
  return body.data;
}
