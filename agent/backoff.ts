/**
 * Exponential backoff with full jitter: attempt 0 waits up to `baseMs`, each
 * later attempt doubles the ceiling up to `maxMs`. Jitter spreads reconnects
 * of many agents after a server restart.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
