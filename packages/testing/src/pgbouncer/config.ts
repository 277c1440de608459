export type PgbouncerConfigInput = {
  upstreamHost: string;
  upstreamPort: number;
  port: number;
  authFile: string;
  pidFile: string;
  poolMode: 'transaction' | 'session' | 'statement';
  poolSize: number;
  adminUser: string;
  /** Only for PgBouncer 1.21+, which knows the setting (1.18 refuses an unknown one). */
  maxPreparedStatements?: number | undefined;
};

/**
 * pgbouncer.ini for a test pooler. As in production (infra/compose.yaml): transaction pooling with
 * a small server pool per (database, user), SCRAM logins, and no reset query — in transaction mode
 * PgBouncer never runs one, which is exactly why session state would leak between clients.
 */
export function pgbouncerConfig(c: PgbouncerConfigInput): string {
  const lines = [
    '[databases]',
    // Every database name a client asks for, on the same server (each test file has its own clone).
    `* = host=${c.upstreamHost} port=${c.upstreamPort}`,
    '',
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${c.port}`,
    // No Unix socket: two poolers on one machine would fight over /tmp/.s.PGSQL.6432.
    'unix_socket_dir =',
    'auth_type = scram-sha-256',
    `auth_file = ${c.authFile}`,
    `pidfile = ${c.pidFile}`,
    `pool_mode = ${c.poolMode}`,
    `default_pool_size = ${c.poolSize}`,
    'min_pool_size = 0',
    'reserve_pool_size = 0',
    'max_client_conn = 500',
    `admin_users = ${c.adminUser}`,
    'ignore_startup_parameters = extra_float_digits',
    'server_tls_sslmode = disable',
    'log_connections = 0',
    'log_disconnections = 0',
    'log_pooler_errors = 1',
    ...(c.maxPreparedStatements ? [`max_prepared_statements = ${c.maxPreparedStatements}`] : []),
    '',
  ];
  return lines.join('\n');
}

/** auth_file lines: `"user" "password"`; a double quote inside is doubled. */
export function userlist(users: { name: string; password: string }[]): string {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return `${users.map((u) => `${q(u.name)} ${q(u.password)}`).join('\n')}\n`;
}
