import { readFileSync } from 'node:fs';
import type { TestDatabase } from '@dualcontrol/testing';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** CPU seconds (user + system) the database's server processes have used so far (Linux /proc). */
async function serverCpu(tdb: TestDatabase): Promise<number> {
  const rows = await tdb.owner<
    { pid: number }[]
  >`select pid from pg_stat_activity where datname = current_database()`;
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      // Fields after the command name: state is 3rd; utime and stime are the 14th and 15th overall.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // a backend that has exited since
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * Wall time and the CPU time a piece of work needed (this process plus the database's backends):
 * on a machine shared with other work, wall time measures the queue for the cores as much as the
 * work; CPU time is what the work itself costs, and what it would take with the cores to itself.
 */
export async function measure<T>(tdb: TestDatabase, work: () => Promise<T>) {
  const server0 = await serverCpu(tdb);
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await work();
  const wallMs = performance.now() - t0;
  const client = process.cpuUsage(client0);
  const serverMs = ((await serverCpu(tdb)) - server0) * 1000;
  const clientMs = (client.user + client.system) / 1000;
  return { result, wallMs, clientMs, serverMs, cpuMs: clientMs + serverMs };
}
