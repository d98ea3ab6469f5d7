import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HealthProbe, durationMs, nextVerdict, type ProbeVerdict } from "../../agent/runtime/health-probe.ts";

describe("health probe verdicts", () => {
  it("becomes healthy on the first pass, unhealthy after `threshold` failures in a row, healthy again on a pass", () => {
    expect(nextVerdict(null, 0, true, 2)).toBe(true);
    expect(nextVerdict(true, 0, true, 2)).toBeNull();
    expect(nextVerdict(true, 1, false, 2)).toBeNull();
    expect(nextVerdict(true, 2, false, 2)).toBe(false);
    expect(nextVerdict(false, 3, false, 2)).toBeNull();
    expect(nextVerdict(false, 0, true, 2)).toBe(true);
    // A probe that never passes is reported, not left silent.
    expect(nextVerdict(null, 2, false, 2)).toBe(false);
  });

  it("reads the server's canonical durations", () => {
    expect(durationMs("10s")).toBe(10_000);
    expect(durationMs("1m30s")).toBe(90_000);
    expect(durationMs("500ms")).toBe(500);
  });
});

describe("a real health probe", () => {
  it("follows a probe command's exit status, with the failure's stderr in the message", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-probe-"));
    const flag = path.join(dir, "healthy");
    const verdicts: ProbeVerdict[] = [];
    const probe = new HealthProbe(
      { command: `test -f ${flag} || { echo "no flag at ${flag}" >&2; exit 3; }`, intervalMs: 50, env: { PATH: process.env.PATH ?? "" }, failureThreshold: 2 },
      (v) => verdicts.push(v),
    );
    const until = async (n: number) => {
      for (let i = 0; i < 200 && verdicts.length < n; i++) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      probe.start();
      await until(1);
      expect(verdicts[0]).toEqual({ healthy: false, message: `health probe failing: exit 3: no flag at ${flag}` });
      await fs.writeFile(flag, "");
      await until(2);
      expect(verdicts[1]).toEqual({ healthy: true, message: "health probe passed" });
      await fs.rm(flag);
      await until(3);
      expect(verdicts[2].healthy).toBe(false);
      expect(verdicts).toHaveLength(3);
    } finally {
      probe.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
