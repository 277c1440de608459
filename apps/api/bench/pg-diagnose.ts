import type postgres from 'postgres';
import type { LoadResult } from './load-protocol.ts';

/**
 * With BENCH_DIAG=1: while `run` goes, samples what the API's PostgreSQL sessions are doing every
 * 20 ms (state and wait event; "active/CPU" = executing), and afterwards the time spent in
 * PL/pgSQL functions (triggers) during the run, added to `notes`.
 */
export async function diagnosePostgres<T extends LoadResult>(
  owner: postgres.Sql,
  notes: string[],
  label: string,
  run: Promise<T>,
): Promise<T> {
  await owner`select pg_stat_reset()`;
  let done = false;
  const settled = run.finally(() => {
    done = true;
  });
  const seen = new Map<string, number>();
  let samples = 0;
  while (!done) {
    const now = await owner<{ what: string; n: number }[]>`
      select state || '/' || coalesce(wait_event_type || ':' || wait_event, 'CPU') as what, count(*)::int as n
        from pg_stat_activity
       where backend_type = 'client backend' and pid <> pg_backend_pid() and state <> 'idle'
       group by 1`;
    samples += 1;
    for (const r of now) seen.set(r.what, (seen.get(r.what) ?? 0) + r.n);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const result = await settled;
  await new Promise((resolve) => setTimeout(resolve, 1500)); // let backends flush their statistics
  const functions = await owner<{ funcname: string; calls: number; total: number; self: number }[]>`
    select funcname, calls::int, total_time::float8 as total, self_time::float8 as self
      from pg_stat_user_functions order by total_time desc limit 5`;
  const answered = Math.max(result.answeredTotal ?? 1, 1);
  const busy = [...seen].sort((a, b) => b[1] - a[1]);
  notes.push(
    `diag ${label}: sessions per sample (${samples} samples) ` +
      busy.map(([what, n]) => `${what} ${(n / samples).toFixed(2)}`).join(', '),
    `diag ${label}: PL/pgSQL per request ` +
      functions
        .map(
          (f) =>
            `${f.funcname} ${(f.calls / answered).toFixed(1)} calls ${(f.total / answered).toFixed(2)} ms`,
        )
        .join(', '),
  );
  return result;
}
