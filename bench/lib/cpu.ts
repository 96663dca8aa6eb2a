// CPU time a process has used so far, all its threads together, in milliseconds (Linux /proc; NaN elsewhere).
import { readdirSync, readFileSync } from 'node:fs';

export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    let ns = 0;
    // schedstat's first field: nanoseconds spent on a CPU
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    return Number.NaN;
  }
}
