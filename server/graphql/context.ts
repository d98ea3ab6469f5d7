import type { Principal } from "../auth/principal.ts";
import type { Services } from "../services.ts";
import type { Loaders } from "./loaders.ts";

/** The GraphQL context of every operation, over HTTP and WebSocket alike. */
export interface Context {
  services: Services;
  /** Always set: requests without a valid token are refused before execution. */
  principal: Principal;
  /** Batches the per-row lookups of one operation (see loaders.ts). */
  loaders: Loaders;
}
