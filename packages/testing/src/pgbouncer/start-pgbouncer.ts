import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@dualcontrol/platform';
import postgres from 'postgres';
import { pgbouncerConfig, userlist } from './config.ts';

export type PgbouncerUser = { name: string; password: string };

export type PgbouncerOptions = {
  /** Where the servers are: any URL of the PostgreSQL server (only host and port are used). */
  upstreamUrl: string;
  /** The roles clients log in as; PgBouncer logs in to PostgreSQL with the same password. */
  users: PgbouncerUser[];
  /** Server connections per (database, user) pair: small, so many clients share few. */
  poolSize?: number;
  poolMode?: 'transaction' | 'session' | 'statement';
};

export type Pgbouncer = {
  host: string;
  port: number;
  version: string;
  /** Does this PgBouncer track named prepared statements in transaction mode (1.21+)? */
  preparedStatements: boolean;
  /** `directUrl` (a role's URL of the upstream server) with this pooler's host and port. */
  through(directUrl: string): string;
  /** A SHOW command on the admin console (e.g. 'POOLS', 'SERVERS'), as rows. */
  show(what: string): Promise<Record<string, unknown>[]>;
  /** PgBouncer's own log so far (stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
};

const BINARIES = [process.env.PGBOUNCER_PATH, '/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'];
const ADMIN: PgbouncerUser = { name: 'pgbouncer_admin', password: 'pgbouncer-admin-test' };

function findBinary(): { bin: string; version: string } {
  for (const bin of BINARIES) {
    if (!bin) continue;
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    const version = /PgBouncer (\d+\.\d+(?:\.\d+)?)/.exec(`${r.stdout}${r.stderr}`)?.[1];
    if (r.status === 0 && version) return { bin, version };
  }
  throw new Error(
    'pgbouncer is not installed: run `node scripts/bootstrap.mjs test` (or set PGBOUNCER_PATH)',
  );
}

/** 1.21 added protocol-level prepared statements in transaction mode (max_prepared_statements). */
export function supportsPreparedStatements(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 21);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * A real PgBouncer (Debian's package; scripts/bootstrap.mjs installs it) on a free loopback port,
 * in front of the test PostgreSQL: every database name is passed through (`*`), each role logs in
 * with its password from an auth_file (SCRAM towards clients and the server). PgBouncer refuses
 * to run as root, so as root it runs as `nobody`, with its files readable by that user.
 */
export async function startPgbouncer(options: PgbouncerOptions): Promise<Pgbouncer> {
  const { bin, version } = findBinary();
  const dir = await mkdtemp(join(tmpdir(), 'dualcontrol-pgbouncer-'));
  const asRoot = process.getuid?.() === 0;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const started = await startOn({ bin, version, dir, port, asRoot, options });
    if (started) return started;
    if (attempt === 3) {
      await rm(dir, { recursive: true, force: true });
      throw new Error('pgbouncer exited before listening, on 3 ports in turn');
    }
  }
}

async function startOn(args: {
  bin: string;
  version: string;
  dir: string;
  port: number;
  asRoot: boolean;
  options: PgbouncerOptions;
}): Promise<Pgbouncer | undefined> {
  const { bin, version, dir, port, asRoot, options } = args;
  const upstream = new URL(options.upstreamUrl);
  const preparedStatements = supportsPreparedStatements(version);
  const iniPath = join(dir, 'pgbouncer.ini');
  const authPath = join(dir, 'userlist.txt');
  await writeFile(authPath, userlist([...options.users, ADMIN]));
  await writeFile(
    iniPath,
    pgbouncerConfig({
      upstreamHost: upstream.hostname,
      upstreamPort: Number(upstream.port || 5432),
      port,
      authFile: authPath,
      pidFile: join(dir, 'pgbouncer.pid'),
      poolMode: options.poolMode ?? 'transaction',
      poolSize: options.poolSize ?? 3,
      adminUser: ADMIN.name,
      maxPreparedStatements: preparedStatements ? 100 : undefined,
    }),
  );
  if (asRoot) {
    const nobody = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim() || 65534);
    for (const path of [dir, iniPath, authPath]) await chown(path, nobody, -1);
    await chmod(dir, 0o700);
  }
  const child: ChildProcess = spawn(bin, [...(asRoot ? ['-u', 'nobody'] : []), iniPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) {
      if (/Address already in use/i.test(output)) return undefined;
      throw new Error(`pgbouncer exited (${child.exitCode}):\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pgbouncer did not listen on ${port} within 15 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  // The admin console speaks the simple query protocol only, and has no pg_type to read.
  const admin = postgres({
    host: '127.0.0.1',
    port,
    database: 'pgbouncer',
    username: ADMIN.name,
    password: ADMIN.password,
    max: 1,
    fetch_types: false,
    prepare: false,
    onnotice: () => {},
  });

  return {
    host: '127.0.0.1',
    port,
    version,
    preparedStatements,
    through(directUrl) {
      const url = new URL(directUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    async show(what) {
      if (!/^[A-Z_]+$/.test(what)) throw new Error(`not a SHOW target: ${what}`);
      return [...(await admin.unsafe(`SHOW ${what}`).simple())] as Record<string, unknown>[];
    },
    log: () => output,
    async stop() {
      await admin.end({ timeout: 1 }).catch(() => {});
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
