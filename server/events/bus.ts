import { EventEmitter } from "node:events";

/**
 * Wakes event tailers when new events committed. It carries no payload that
 * matters: every server reads the events themselves from the log in seq order,
 * so a lost or duplicated wake-up costs a query, never an event.
 */
export interface WakeBus {
  publish(seq: number): void;
  onWake(listener: (seq: number) => void): () => void;
  close(): Promise<void>;
}

export function createMemoryBus(): WakeBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (seq) => emitter.emit("wake", seq),
    onWake(listener) {
      emitter.on("wake", listener);
      return () => emitter.off("wake", listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

const CHANNEL = "drover:events";

/** Wake-ups across replicas: a change committed through any replica reaches subscribers on all. */
export async function createRedisBus(url: string): Promise<WakeBus> {
  // Loaded only by a server given a Redis URL.
  const { Redis } = await import("ioredis");
  const local = createMemoryBus();
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const sub = new Redis(url, { lazyConnect: true });
  await Promise.all([pub.connect(), sub.connect()]);
  await sub.subscribe(CHANNEL);
  sub.on("message", (_channel: string, message: string) => local.publish(Number(message)));
  return {
    publish(seq) {
      // Local subscribers wake at once; Redis carries the wake to the other replicas.
      local.publish(seq);
      pub.publish(CHANNEL, String(seq)).catch(() => {
        // the poll interval of every tailer covers a lost wake-up
      });
    },
    onWake: local.onWake,
    async close() {
      await local.close();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
