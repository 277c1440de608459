import { describe, expect, it } from 'vitest';
import { createLogger, redact } from './logger.ts';

describe('logger', () => {
  it('redacts secret-looking keys at any depth and keeps the rest', () => {
    expect(
      redact({
        user: { email: 'a@b.c', password: 'p', newPassword: 'q' },
        headers: { Authorization: 'Bearer x', cookie: 'dc_session=y' },
        list: [{ token: 't' }],
      }),
    ).toEqual({
      user: { email: 'a@b.c', password: '[redacted]', newPassword: '[redacted]' },
      headers: { Authorization: '[redacted]', cookie: '[redacted]' },
      list: [{ token: '[redacted]' }],
    });
  });

  it('writes one JSON line per entry with child fields, honouring the level', () => {
    const lines: string[] = [];
    const log = createLogger('info', { service: 'api' }, (l) => lines.push(l)).child({ requestId: 'r1' });
    log.debug('hidden');
    log.info('shown', { status: 200 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      msg: 'shown',
      service: 'api',
      requestId: 'r1',
      status: 200,
    });
  });
});
