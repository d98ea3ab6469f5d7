/**
 * What the operator typed after `/`, on every screen: a substring, or a
 * /regular expression/ (with optional flags i, m, s, u). Both use smartcase,
 * as k9s and ripgrep users expect: case-insensitive unless the text has an
 * uppercase letter ("warn" finds WARN and warn, "WARN" only WARN). Flags
 * written after the closing slash replace smartcase.
 */
export interface Filter {
  text: string;
  regex: RegExp;
}

export function parseFilter(text: string): { filter: Filter | null } | { error: string } {
  const t = text.trim();
  if (!t) return { filter: null };
  const m = /^\/(.+)\/([imsu]*)$/.exec(t);
  const source = m ? m[1] : t.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const flags = m && m[2] ? m[2] : hasUppercase(m ? m[1] : t) ? "" : "i";
  try {
    return { filter: { text: t, regex: new RegExp(source, flags) } };
  } catch (err) {
    return { error: `not a regular expression: ${(err as Error).message}` };
  }
}

/** An uppercase letter in the pattern itself; escapes such as \S or \W are classes, not letters. */
function hasUppercase(pattern: string): boolean {
  return /\p{Lu}/u.test(pattern.replace(/\\./g, ""));
}

/** A predicate for a filter text; an invalid /regex/ (already reported where it was typed) matches as plain text. */
export function filterTest(text: string): (haystack: string) => boolean {
  const parsed = parseFilter(text);
  if ("error" in parsed) {
    const needle = text.trim().toLowerCase();
    return (h) => h.toLowerCase().includes(needle);
  }
  const f = parsed.filter;
  return f ? (h) => f.regex.test(h) : () => true;
}
