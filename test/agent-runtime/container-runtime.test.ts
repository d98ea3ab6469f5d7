import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { detectContainerRuntime, resetContainerRuntimeCache } from "../../agent/runtime/container-runtime.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "drover-runtime-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fake runtime CLI: a script whose `info` behaves as told. */
function fakeCli(name: string, body: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

function answers(cmd: string): boolean {
  const r = spawnSync(cmd, ["info"], { stdio: "ignore", timeout: 5000 });
  return r.status === 0;
}

describe("detectContainerRuntime", () => {
  it("on this machine: reports the structure, and unavailable when neither `docker info` nor `podman info` succeeds", async () => {
    resetContainerRuntimeCache();
    const info = await detectContainerRuntime({ timeoutMs: 5000 });
    expect(Object.keys(info)).toEqual(expect.arrayContaining(["name", "available", "error"]));
    expect(typeof info.available).toBe("boolean");
    if (!answers("docker") && !answers("podman")) {
      // The case here: a docker client with no engine behind it.
      expect(info).toMatchObject({ name: null, available: false });
      expect(info.error).toMatch(/^docker: .+; podman: .+$/);
    } else {
      expect(info.available).toBe(true);
      expect(["docker", "podman"]).toContain(info.name);
      expect(info.error).toBeNull();
    }
    // Cached: the same answer object for later callers.
    expect(await detectContainerRuntime()).toBe(info);
  });

  it("counts a runtime only when `info` succeeds, not because the binary exists", async () => {
    const noEngine = fakeCli("docker-no-engine", "echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.' >&2; exit 1");
    const working = fakeCli("podman-ok", '[ "$1" = info ] && echo 5.2.1');
    const info = await detectContainerRuntime({
      candidates: [
        { name: "docker", command: noEngine },
        { name: "podman", command: working },
      ],
    });
    expect(info).toEqual({ name: "podman", available: true, error: null, version: "5.2.1" });
  });

  it("explains each failure: missing binary, engine down, hung daemon (bounded by the timeout)", async () => {
    const noEngine = fakeCli("docker-down", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");
    const hung = fakeCli("podman-hung", "sleep 30");
    const t0 = Date.now();
    const info = await detectContainerRuntime({
      timeoutMs: 300,
      candidates: [
        { name: "nerdctl", command: path.join(tmp, "not-installed") },
        { name: "docker", command: noEngine },
        { name: "podman", command: hung },
      ],
    });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(info).toEqual({
      name: null,
      available: false,
      error: "nerdctl: not installed; docker: Cannot connect to the Docker daemon; podman: `" + hung + " info` did not answer within 300ms",
    });
  });
});
