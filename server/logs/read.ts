import type { LogLine } from "../db/client.ts";
import type { Services } from "../services.ts";

/** Lines of one execution after `afterLineNo`, in lineNo order. */
export function readLines(s: Services, executionId: string, afterLineNo: number, limit: number): Promise<LogLine[]> {
  return s.db.prisma.logLine.findMany({
    where: { executionId, lineNo: { gt: afterLineNo } },
    orderBy: { lineNo: "asc" },
    take: limit,
  });
}

const POLL_MS = 500;
const PAGE = 500;

/**
 * Follows one execution's log from `afterLineNo`: what is stored, then new
 * lines as they arrive, in batches, without gaps or duplicates (the cursor is
 * the lineNo the agent assigned).
 */
export async function* followLines(
  s: Services,
  executionId: string,
  afterLineNo: number,
  signal?: AbortSignal,
): AsyncGenerator<LogLine[]> {
  let cursor = afterLineNo;
  let wake: (() => void) | null = null;
  const off = s.logFeed.onLines(executionId, () => wake?.());
  try {
    while (!signal?.aborted) {
      const lines = await readLines(s, executionId, cursor, PAGE);
      if (lines.length) {
        cursor = lines[lines.length - 1].lineNo;
        yield lines;
        if (lines.length === PAGE) continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, POLL_MS).unref();
      });
      wake = null;
    }
  } finally {
    off();
  }
}
