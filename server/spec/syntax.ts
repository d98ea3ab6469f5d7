import { PROJECT_SEPARATOR } from "../../common/namespaces.ts";

/**
 * Syntax of the names and keys in a spec. Each check returns a message that
 * completes "<field> ...", or null when the text is fine.
 *
 * Label keys and values follow Kubernetes, so selectors can always express
 * them: a value never contains a space, comma, parenthesis or "=", which is
 * what lets `parseSelectorString` split "region=eu,tier in (a,b)" unambiguously.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Job names and namespaces: a DNS label (lowercase letters, digits, "-"; 1-63; alphanumeric at both ends). */
export function dnsLabelProblem(name: string): string | null {
  if (name.length === 0) return "must not be empty";
  if (name.length > 63) return `must be at most 63 characters (has ${name.length})`;
  if (!DNS_LABEL.test(name)) {
    return `must be lowercase letters, digits and "-", starting and ending with a letter or digit: "${name}"`;
  }
  return null;
}

/**
 * A namespace: a workspace, or "workspace/project", each part a DNS label
 * (common/namespaces.ts). At most one "/": projects do not nest.
 */
export function namespaceProblem(namespace: string): string | null {
  const parts = namespace.split(PROJECT_SEPARATOR);
  if (parts.length > 2) return `may contain at most one "${PROJECT_SEPARATOR}" (workspace${PROJECT_SEPARATOR}project): "${namespace}"`;
  for (const [i, part] of parts.entries()) {
    const problem = dnsLabelProblem(part);
    if (problem) return parts.length === 1 ? problem : `${i === 0 ? "workspace" : "project"} ${problem}`;
  }
  return null;
}

/** Label (and meta, matchLabels) keys: an optional DNS-subdomain prefix and "/", then a name of 1-63 characters. */
export function labelKeyProblem(key: string): string | null {
  if (key.length === 0) return "key must not be empty";
  const parts = key.split("/");
  if (parts.length > 2) return `key may contain at most one "/": "${key}"`;
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) {
      return `key prefix must be a DNS subdomain (lowercase, at most 253 characters) before "/": "${key}"`;
    }
  }
  if (name.length === 0 || name.length > 63) return `key name must be 1-63 characters: "${key}"`;
  if (!LABEL_NAME.test(name)) {
    return `key name must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit: "${key}"`;
  }
  return null;
}

/** Label values: empty, or 1-63 of letters, digits, "-", "_", "." with alphanumeric ends. */
export function labelValueProblem(value: string): string | null {
  if (value.length > 63) return `value must be at most 63 characters: "${value}"`;
  if (value.length > 0 && !LABEL_NAME.test(value)) {
    return `value must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit: "${value}"`;
  }
  return null;
}

/** Environment variable names as POSIX shells accept them. */
export function envNameProblem(name: string): string | null {
  if (!ENV_NAME.test(name)) return `is not a valid environment variable name (letters, digits, "_", not starting with a digit): "${name}"`;
  return null;
}

/** Meta keys under this prefix are reserved for the system (seed: "expanso.io/"). */
export const RESERVED_META_PREFIX = "expanso.io/";
