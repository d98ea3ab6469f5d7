import type { FieldProblem } from "../errors.ts";
import { validationError } from "../errors.ts";
import { RESOURCE_LIMITS, toMillicores } from "../spec/resources.ts";

/**
 * What an agent says its node has: cpu cores and memory bytes, at
 * registration and in heartbeats. The agent is a program on another machine
 * and may be wrong: a report is refused unless both numbers are finite,
 * positive and within the bounds a job may request (a node of 0 cores or
 * 2^60 bytes is a broken agent, and one such node would take every request).
 * cpu is kept to the millicore and memory in whole bytes, the units
 * placement compares in. Omitted (an older agent): the node's room is
 * unknown and it takes only executions that request nothing.
 */
export interface NodeResources {
  cpuCores: number | null;
  memoryBytes: number | null;
}

export function nodeResourceProblems(r: { cpuCores?: number | null; memoryBytes?: number | null }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { cpu, memory } = RESOURCE_LIMITS;
  if (r.cpuCores != null && !(Number.isFinite(r.cpuCores) && r.cpuCores >= cpu.min && r.cpuCores <= cpu.max)) {
    problems.push({ field: "cpuCores", message: `must be a number of cores from ${cpu.min} to ${cpu.max}, not ${r.cpuCores}` });
  }
  if (r.memoryBytes != null && !(Number.isFinite(r.memoryBytes) && r.memoryBytes >= memory.min && r.memoryBytes <= memory.max)) {
    problems.push({ field: "memoryBytes", message: `must be a number of bytes from ${memory.min} to 2^50, not ${r.memoryBytes}` });
  }
  return problems;
}

/** The report as stored, or VALIDATION_FAILED naming each field at fault. */
export function checkNodeResources(r: { cpuCores?: number | null; memoryBytes?: number | null }): NodeResources {
  const problems = nodeResourceProblems(r);
  if (problems.length) throw validationError(problems);
  return {
    cpuCores: r.cpuCores == null ? null : toMillicores(r.cpuCores) / 1000,
    memoryBytes: r.memoryBytes == null ? null : Math.floor(r.memoryBytes),
  };
}

export const sameResources = (a: NodeResources, b: NodeResources) => a.cpuCores === b.cpuCores && a.memoryBytes === b.memoryBytes;
