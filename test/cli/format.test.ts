import { describe, expect, it } from "vitest";
import { renderJsonPath } from "../../cli/jsonpath.ts";
import { renderTable } from "../../cli/output.ts";
import { parseSpecFile } from "../../cli/seed-spec.ts";

describe("spec files", () => {
  it("converts known snake_case fields and enum values only; data keys keep their spelling", () => {
    const [input] = parseSpecFile(
      [
        "name: etl",
        "type: pipeline",
        "config: {log_level: debug, max_retries: 2}",
        "env: {LOG_LEVEL: info}",
        "selector: {match_labels: {node_pool: a}, match_expressions: ['gpu']}",
        "deployment: {strategy: rolling, max_parallel: 2, health_check: {deadline: 5m, min_healthy_time: 1s}}",
        "restart_policy: {policy: on-failure, retry_exit_codes: [3]}",
        "overlap_policy: forbid",
        "time_zone: Europe/Paris",
      ].join("\n"),
      "etl.yaml",
    );
    expect(input).toEqual({
      name: "etl",
      type: "PIPELINE",
      config: { log_level: "debug", max_retries: 2 },
      env: { LOG_LEVEL: "info" },
      selector: { matchLabels: { node_pool: "a" }, matchExpressions: ["gpu"] },
      deployment: { strategy: "ROLLING", maxParallel: 2, healthCheck: { deadline: "5m", minHealthyTime: "1s" } },
      restartPolicy: { policy: "ON_FAILURE", retryExitCodes: [3] },
      overlapPolicy: "FORBID",
      timeZone: "Europe/Paris",
    });
  });

  it("takes .spec of a seed item and every item of a list", () => {
    const one = parseSpecFile(JSON.stringify({ id: "job-x", spec: { name: "a" }, status: {} }), "f");
    expect(one).toEqual([{ name: "a" }]);
    const many = parseSpecFile(JSON.stringify({ items: [{ spec: { name: "a" } }, { id: "j", spec: { name: "b" } }] }), "f");
    expect(many.map((s) => s.name)).toEqual(["a", "b"]);
  });
});

describe("tables", () => {
  it("fit the width by shrinking, then dropping columns; never wrap", () => {
    const rows = [{ name: "a-rather-long-job-name-indeed", msg: "x".repeat(200), extra: "drop me" }];
    const out = renderTable(
      [
        { header: "NAME", value: (r: (typeof rows)[0]) => r.name, shrink: true, min: 12 },
        { header: "EXTRA", value: (r) => r.extra, drop: 1 },
        { header: "MESSAGE", value: (r) => r.msg, shrink: true, min: 10, drop: 0 },
      ],
      rows,
      80,
      false,
    );
    for (const line of out.trimEnd().split("\n")) expect([...line].length).toBeLessThanOrEqual(80);
    expect(out).toContain("a-rather-long-job-name-indeed");
    expect(out).toContain("drop me");
    expect(out).toMatch(/x…\n$/);
    const narrow = renderTable([{ header: "NAME", value: (r: (typeof rows)[0]) => r.name }, { header: "EXTRA", value: (r) => r.extra, drop: 0 }], rows, 32, false);
    expect(narrow).not.toContain("EXTRA");
  });
});

describe("jsonpath templates", () => {
  const data = { items: [{ name: "a", status: { version: 2 }, labels: { env: "prod" } }, { name: "b", status: { version: 5 }, labels: {} }] };

  it("fields, lists, literals, ranges and filters, as kubectl's -o jsonpath", () => {
    expect(renderJsonPath("{.items[*].name}", data)).toBe("a b");
    expect(renderJsonPath("{.items[0].status.version}", data)).toBe("2");
    expect(renderJsonPath('{range .items[*]}{.name}={.status.version}{"\\n"}{end}', data)).toBe("a=2\nb=5\n");
    expect(renderJsonPath("{.items[?(@.status.version > 3)].name}", data)).toBe("b");
    expect(renderJsonPath("{.items[0].labels}", data)).toBe('{"env":"prod"}');
    expect(renderJsonPath("names: {.items[*].name}\\n", data)).toBe("names: a b\n");
    expect(renderJsonPath("{.nothing}", data)).toBe("");
  });

  it("a malformed template is a usage error naming what is wrong", () => {
    expect(() => renderJsonPath("{.items", data)).toThrow('jsonpath: unclosed "{"');
    expect(() => renderJsonPath("{end}", data)).toThrow("jsonpath: {end} without {range}");
    expect(() => renderJsonPath("{}", data)).toThrow("jsonpath: an empty {}");
  });
});
