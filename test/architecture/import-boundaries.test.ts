// Who may import whom, read from the source: the scheduler's pure core stays
// pure, and the agent and the clients stay clients of the server's API.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

interface Import {
  target: string;
  typeOnly: boolean;
}

/** Every module a file imports (static, re-exports and dynamic), as repository paths. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const found: Import[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^"'`;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4];
    if (!spec.startsWith(".")) continue;
    found.push({ target: path.relative(root, path.resolve(path.dirname(path.join(root, file)), spec)), typeOnly: Boolean(m[2]) });
  }
  return found;
}

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** The scheduler's decisions: plain functions of state and time. */
const PURE_CORE = [
  "server/control/plan.ts",
  "server/control/placement.ts",
  "server/control/restart-policy.ts",
  "server/control/decide.ts",
  "server/control/decide-long-running.ts",
  "server/control/decide-batch.ts",
  "server/control/decide-broadcast.ts",
  "server/control/decide-stop.ts",
  "server/rollouts/plan.ts",
  "server/rollouts/progress.ts",
  "server/rollouts/start.ts",
  "server/cron/due.ts",
];

/** Row shapes only: the database's types are the core's vocabulary, its client is not. */
const TYPE_ONLY_ALLOWED = new Set(["server/db/client.ts", "server/control/cluster-state.ts"]);

describe("import boundaries", () => {
  it("the pure core imports nothing from storage, events, GraphQL or the services, directly or through another module", () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    const walk = (file: string, via: string[]) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const imp of importsOf(file)) {
        const chain = [...via, file, imp.target].join(" -> ");
        if (imp.target.startsWith("common/")) continue;
        if (TYPE_ONLY_ALLOWED.has(imp.target)) {
          if (!imp.typeOnly) problems.push(`value import of ${imp.target}: ${chain}`);
          continue;
        }
        if (/^server\/(db|events|graphql|http|auth|agents|jobs)\//.test(imp.target) || ["server/services.ts", "server/app.ts"].includes(imp.target)) {
          problems.push(chain);
          continue;
        }
        if (imp.target.startsWith("server/")) walk(imp.target, [...via, file]);
      }
    };
    for (const f of PURE_CORE) walk(f, []);
    expect(problems).toEqual([]);
    // Everything the core reaches is itself pure: spec rules, selectors, the error vocabulary.
    expect([...seen].filter((f) => !PURE_CORE.includes(f) && !f.startsWith("server/spec/") && f !== "server/errors.ts")).toEqual([]);
  });

  it("the agent, the terminal UI and the command line import nothing from the server but generated types", () => {
    // `drover server` hosts the server (and its local agent) in the same binary: those two launchers may.
    const launchers = new Set(["cli/server.ts", "cli/local-agent.ts"]);
    const problems: string[] = [];
    for (const dir of ["agent", "tui", "cli", "client", "common"]) {
      for (const file of sources(dir)) {
        if (launchers.has(file)) continue;
        for (const imp of importsOf(file)) {
          if (imp.target.startsWith("server/")) problems.push(`${file} -> ${imp.target}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("the state vocabulary is written once: no list of execution or run states outside common/states.ts and the schema's enums", () => {
    const lists = [/"PENDING", "STARTING", "RUNNING"/, /"COMPLETE", "FAILED", "LOST", "STOPPED"/, /"SUCCEEDED", "FAILED", "PARTIAL_FAILURE", "CANCELLED"/, /"PENDING", "QUEUED", "RUNNING"\]/];
    const allowed = new Set(["common/states.ts", "server/graphql/schema/execution.ts", "server/graphql/schema/enums.ts"]);
    const problems: string[] = [];
    for (const dir of ["server", "agent", "tui", "cli", "client", "common"]) {
      for (const file of sources(dir)) {
        if (allowed.has(file) || file.includes("/generated/") || file.startsWith("client/gql/")) continue;
        const text = fs.readFileSync(path.join(root, file), "utf8");
        if (lists.some((re) => re.test(text))) problems.push(file);
      }
    }
    expect(problems).toEqual([]);
  });
});
