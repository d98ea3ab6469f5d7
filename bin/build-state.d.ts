/** Whether `root`/dist/build.json lists sources that are all unchanged (see build-state.js). */
export function buildIsCurrent(root: URL, env?: Record<string, string | undefined>): boolean;
