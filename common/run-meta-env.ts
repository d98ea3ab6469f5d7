/**
 * The environment variable a run's meta key reaches its process as. The
 * server checks declarations with it (two keys that would meet in one
 * variable are refused) and the agent exports with it, so both agree.
 */
export function metaEnvName(key: string): string {
  return `DROVER_META_${key.toUpperCase()}`;
}
