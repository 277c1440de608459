import { sql } from 'drizzle-orm';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { inTransactionSpan, startTransactionSpan, tracedSql } from './tracing.ts';

export type Db = PostgresJsDatabase;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Who is acting: recorded by the audit trigger. */
export type Actor =
  | { kind: 'user'; id: string }
  | { kind: 'operator'; id: string }
  | { kind: 'system'; id?: null };

export const systemActor: Actor = { kind: 'system' };

export type Database = {
  sql: postgres.Sql;
  db: Db;
  /**
   * The only door to tenant data: a transaction whose `app.tenant_id` is set, so RLS shows exactly
   * this tenant's rows. Settings are transaction-local (safe behind PgBouncer transaction pooling).
   */
  withTenant<T>(tenantId: string, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A transaction with no tenant: under the app role it sees no tenant rows; for the platform role. */
  withActor<T>(actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * A bare transaction the caller ends with `end(commit)`: for a transaction that spans a whole
   * HTTP request, whose end is decided outside one callback. The caller sets the tenant itself.
   */
  begin(): Promise<OpenTransaction>;
  close(): Promise<void>;
};

export type OpenTransaction = {
  tx: Tx;
  /** Commits (true) or rolls back (false); rejects when the commit fails. Call it exactly once. */
  end(commit: boolean): Promise<void>;
};

const ROLLBACK = Symbol('rollback');

/** `openTransaction` inside a `db.transaction` span that lasts until `end`. */
async function openTracedTransaction(db: Db): Promise<OpenTransaction> {
  const span = startTransactionSpan();
  let open: OpenTransaction;
  try {
    open = await openTransaction(db);
  } catch (error) {
    span.end();
    throw error;
  }
  return {
    tx: open.tx,
    end: async (commit) => {
      span.setAttribute('db.transaction.committed', commit);
      try {
        await open.end(commit);
      } finally {
        span.end();
      }
    },
  };
}

/** drizzle's callback transaction, held open until `end` says how it ends. */
function openTransaction(db: Db): Promise<OpenTransaction> {
  return new Promise((resolve, reject) => {
    let decide!: (commit: boolean) => void;
    const decided = new Promise<boolean>((r) => {
      decide = r;
    });
    const finished = db.transaction(async (tx) => {
      resolve({
        tx,
        end: async (commit) => {
          decide(commit);
          await finished.catch((error: unknown) => {
            if (error !== ROLLBACK) throw error;
          });
        },
      });
      if (!(await decided)) throw ROLLBACK;
    });
    // Before `resolve` this reports a failed BEGIN; afterwards `end` reports the outcome.
    finished.catch(reject);
  });
}

/**
 * drizzle sends every query through `unsafe(…, { prepare: false })`, so PostgreSQL would parse and
 * plan each statement anew on every request. This view of the client (and of the transaction and
 * savepoint clients it hands out) asks for named prepared statements instead, which postgres.js
 * caches per connection: a statement is parsed once per connection, then only bound and run.
 */
function preparing<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe')
        return (query: string, args?: unknown[], opts?: object) =>
          target.unsafe(query, args as postgres.ParameterOrJSON<never>[], { ...opts, prepare: true });
      if (prop === 'begin')
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (target as postgres.Sql).begin(...(args as [string]), (tx) => fn(preparing(tx)));
        };
      if (prop === 'savepoint')
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (target as postgres.TransactionSql).savepoint(...(args as [string]), (tx) =>
            fn(preparing(tx)),
          );
        };
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** The pooled client, except that `listen` (a session that stays) opens on PostgreSQL itself. */
function listeningDirectly(pooled: postgres.Sql, direct: () => postgres.Sql): postgres.Sql {
  return new Proxy(pooled, {
    get(target, prop, receiver) {
      if (prop === 'listen') return (...args: Parameters<postgres.Sql['listen']>) => direct().listen(...args);
      return Reflect.get(target, prop, receiver);
    },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ConnectOptions = {
  max?: number;
  applicationName?: string;
  /**
   * `url` is a pooler in transaction mode (PgBouncer, DATABASE_POOLER_URL): each transaction — or
   * each statement outside one — may run on a different server connection. So no named prepared
   * statements (one prepared on one server connection is unknown on the next: PgBouncer 1.18 has
   * no support for them in transaction mode), and LISTEN, which needs one session for as long as
   * it listens, goes to `listenUrl`: the same role straight to PostgreSQL.
   */
  pooler?: { listenUrl: string } | undefined;
  /**
   * OpenTelemetry spans for transactions and statements (OTEL_EXPORTER_OTLP_ENDPOINT set). Off,
   * the client is left exactly as it was: no proxy, no span calls.
   */
  traced?: boolean;
};

/**
 * Seconds a pooled connection waits before connecting again after failing to. The driver's default
 * (0.5–1 × min(3^n / 100, 20) s, n counted over the whole pool) reaches 10–20 s after some twenty
 * refused attempts, which a busy API makes within seconds of an outage: PostgreSQL was back but
 * requests waited up to 17 s for a connection (the restart drill). Capped at 1 s here, with jitter
 * so the pool does not reconnect in one burst.
 */
export const reconnectDelaySeconds = (attempt: number) =>
  Math.min(0.05 * 2 ** attempt, 1) * (0.5 + Math.random() / 2);

/**
 * Seconds to establish a connection (TCP, TLS, authentication) before the attempt fails, and with
 * it the waiting query (503 database unavailable). A connection opened while PostgreSQL starts up
 * can stall until this runs out (porsager/postgres#1193, fix unreleased); the driver's 30 s default
 * held requests that long in the restart drill. Healthy connects take milliseconds.
 */
export const CONNECT_TIMEOUT_SECONDS = 5;

export function connectDatabase(url: string, options: ConnectOptions = {}): Database {
  // What every connection of this database shares, pooled or the direct one that listens.
  const common = {
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'dualcontrol' },
    backoff: reconnectDelaySeconds,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
  };
  const client = postgres(url, {
    ...common,
    max: options.max ?? 10,
    // Through the pooler every statement is unnamed (Parse/Bind/Execute up to one Sync, which
    // PgBouncer keeps on one server connection); this also covers the tagged `sql` template.
    ...(options.pooler ? { prepare: false } : {}),
  });
  const pooler = options.pooler;
  let listener: postgres.Sql | undefined;
  const direct = () => {
    listener ??= postgres(pooler!.listenUrl, { ...common, max: 1 });
    return listener;
  };
  const sqlView = pooler ? listeningDirectly(client, direct) : client;
  const base = pooler ? client : preparing(client);
  const traced = options.traced === true;
  const db = drizzle(traced ? tracedSql(base) : base);

  const run = <T>(tenantId: string, actor: Actor, fn: (tx: Tx) => Promise<T>) =>
    traced ? inTransactionSpan(tenantId, () => transact(tenantId, actor, fn)) : transact(tenantId, actor, fn);
  const transact = <T>(tenantId: string, actor: Actor, fn: (tx: Tx) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('app.tenant_id', ${tenantId}, true),
                   set_config('app.user_id', ${actor.id ?? ''}, true),
                   set_config('app.actor_kind', ${actor.kind}, true)`,
      );
      return fn(tx);
    });

  return {
    sql: sqlView,
    db,
    withTenant(tenantId, actor, fn) {
      if (!UUID.test(tenantId))
        throw new TypeError(`withTenant: not a tenant id: ${JSON.stringify(tenantId)}`);
      return run(tenantId, actor, fn);
    },
    withActor: (actor, fn) => run('', actor, fn),
    begin: () => (traced ? openTracedTransaction(db) : openTransaction(db)),
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), listener?.end({ timeout: 5 })]);
    },
  };
}

/** Driver errors arrive wrapped by drizzle; the SQLSTATE is on the cause. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The same server and database as `url`, logged in as another role. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}
