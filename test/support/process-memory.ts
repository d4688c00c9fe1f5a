// Resident memory of the workerd processes of one `wrangler dev` (Linux /proc), for the memory bench
// and `npm run load`. wrangler runs workerd in the process group it was started in, so the group id
// of the spawned `npx wrangler dev` finds them, whatever else (other tests, an `npm run dev`) runs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

export interface ProcessMemory {
  /** Resident memory now, MiB, summed over the group's workerd processes. */
  rssMiB: number;
  /** Peak resident memory since each process started (VmHWM), MiB, summed. */
  peakMiB: number;
  pids: number[];
}

const statusKiB = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);

/** The workerd processes whose process group is `pgid`. */
export function workerdPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so split after the closing paren.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (comm === 'workerd' && Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      /* the process ended while we looked */
    }
  }
  return pids;
}

export function workerdMemory(pgid: number): ProcessMemory {
  const pids = workerdPids(pgid);
  let rss = 0;
  let peak = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rss += statusKiB(status, 'VmRSS');
      peak += statusKiB(status, 'VmHWM');
    } catch {
      /* gone */
    }
  }
  return { rssMiB: rss / 1024, peakMiB: peak / 1024, pids };
}

/** Resets the peak (VmHWM) of the group's workerd processes to their current resident memory. */
export function resetPeak(pgid: number): void {
  for (const pid of workerdPids(pgid)) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      /* gone, or not ours */
    }
  }
}
