import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

/** A logger writing into an array, so a test reads exactly what would reach stdout. */
function capture() {
  const lines: string[] = [];
  const log = createLogger('debug', { service: 'api' }, (l) => lines.push(l));
  return { log, lines, text: () => lines.join('\n') };
}

const SECRETS = ['hunter2-password', 'owner@school.test', 'tok_abc123secret'];

/**
 * postgres.js' PostgresError as a failed INSERT leaves it: PostgreSQL's fields assigned onto an
 * Error (including `detail`, which repeats the key's value), then `query`/`parameters`/`args`
 * attached by the connection — non-enumerable normally, enumerable with `debug: true`.
 */
function postgresError(debug: boolean) {
  const err = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
    severity_local: 'ERROR',
    severity: 'ERROR',
    code: '23505',
    detail: `Key (tenant_id, email)=(0191, ${SECRETS[1]}) already exists.`,
    schema_name: 'public',
    table_name: 'users',
    constraint_name: 'users_email_key',
    file: 'nbtinsert.c',
    line: '666',
    routine: '_bt_check_unique',
  });
  err.name = 'PostgresError';
  const query = 'insert into users (email, password_hash, token) values ($1, $2, $3)';
  Object.defineProperties(err, {
    query: { value: query, enumerable: debug },
    parameters: { value: SECRETS, enumerable: debug },
    args: { value: SECRETS, enumerable: debug },
  });
  return err;
}

/** drizzle's DrizzleQueryError: the SQL and the values in its message, `params`, and the driver error as cause. */
function drizzleError(cause: Error) {
  const query = 'insert into users (email, password_hash, token) values ($1, $2, $3)';
  const err = new Error(`Failed query: ${query}\nparams: ${SECRETS.join(',')}`, { cause });
  err.name = 'DrizzleQueryError';
  return Object.assign(err, { query, params: SECRETS });
}

describe('logger with values JSON.stringify cannot take', () => {
  it('writes a BigInt as its digits instead of throwing', () => {
    const { log, lines } = capture();
    expect(() => log.info('counted', { rows: 12345678901234567890n, nested: { n: 1n } })).not.toThrow();
    expect(JSON.parse(lines[0]!)).toMatchObject({ rows: '12345678901234567890', nested: { n: '1' } });
  });

  it('writes a circular object with the cycle marked instead of throwing', () => {
    const { log, lines } = capture();
    const req: Record<string, unknown> = { method: 'GET', path: '/x' };
    req.self = req;
    req.socket = { owner: req };
    expect(() => log.warn('looped', { req })).not.toThrow();
    expect(JSON.parse(lines[0]!).req).toEqual({
      method: 'GET',
      path: '/x',
      self: '[circular]',
      socket: { owner: '[circular]' },
    });
  });

  it('writes an Error with its cause chain (and a cycle in it)', () => {
    const { log, lines } = capture();
    const root = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const middle = new Error('could not reach the database', { cause: root });
    const top = new Error('booking failed', { cause: middle });
    (root as Error & { cause?: unknown }).cause = top;
    expect(() => log.error('request failed', { err: top })).not.toThrow();
    const err = JSON.parse(lines[0]!).err;
    expect(err.message).toBe('booking failed');
    expect(err.cause.message).toBe('could not reach the database');
    expect(err.cause.cause.message).toBe('connect ECONNREFUSED 127.0.0.1:5432');
    expect(err.cause.cause.cause).toBe('[circular]');
  });

  it.each([false, true])(
    'keeps code, constraint and table of a postgres.js error and none of its values (debug %s)',
    (debug) => {
      const { log, lines, text } = capture();
      expect(() => log.error('insert failed', { err: postgresError(debug) })).not.toThrow();
      for (const secret of SECRETS) expect(text()).not.toContain(secret);
      expect(JSON.parse(lines[0]!).err).toMatchObject({
        message: 'duplicate key value violates unique constraint "users_email_key"',
        code: '23505',
        constraint: 'users_email_key',
        table: 'users',
      });
    },
  );

  it('logs a drizzle-wrapped query error without its statement or params', () => {
    const { log, lines, text } = capture();
    log.error('request failed', { err: drizzleError(postgresError(true)) });
    for (const secret of SECRETS) expect(text()).not.toContain(secret);
    expect(text()).not.toContain('password_hash');
    const err = JSON.parse(lines[0]!).err;
    expect(err.params).toBe('[redacted]');
    expect(err.cause).toMatchObject({ code: '23505', constraint: 'users_email_key', table: 'users' });
  });

  it('redacts parameters, params and query passed as plain fields, and auth headers', () => {
    const { log, text } = capture();
    log.info('debugging', {
      parameters: SECRETS,
      params: SECRETS,
      query: `select * from users where email = '${SECRETS[1]}'`,
      headers: { authorization: `Bearer ${SECRETS[2]}`, cookie: `dc_session=${SECRETS[2]}` },
      body: { password: SECRETS[0], secret: SECRETS[2] },
    });
    for (const secret of SECRETS) expect(text()).not.toContain(secret);
  });
});
