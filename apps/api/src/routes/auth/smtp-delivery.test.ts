import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../testing/test-api.ts';

// With SMTP_URL set, mail really leaves: here to a real SMTP listener on loopback.
describe('mail over SMTP', () => {
  let api: TestApi;
  let smtp: SMTPServer;
  const received: { to: string[]; data: string }[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let data = '';
        stream.on('data', (chunk: Buffer) => {
          data += chunk.toString();
        });
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          done();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    const { port } = smtp.server.address() as AddressInfo;
    api = await createTestApi({
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'School <no-reply@mail.test>' },
    });
    await api.createSchool('smtpschool');
  });
  afterAll(async () => {
    await api.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  it('delivers the verification mail to the SMTP server, and there is no local mailbox', async () => {
    const res = await api.call('POST', '/api/v1/auth/signup', {
      tenant: 'smtpschool',
      body: {
        name: 'Sid Smtp',
        email: 'sid@mail.test',
        password: 'sid-password-123',
        verifyUrl: 'http://smtpschool.localhost:3001/verify-email',
      },
    });
    expect(res.status).toBe(201);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['sid@mail.test']);
    expect(received[0]!.data).toContain('Subject: Confirm your email for smtpschool Driving School');
    expect(received[0]!.data).toContain('From: School <no-reply@mail.test>');
    expect(received[0]!.data.replace(/=\r\n/g, '')).toContain(
      'http://smtpschool.localhost:3001/verify-email?token=',
    );
    const mailbox = await api.call('GET', '/api/v1/platform/mailbox', { token: await api.operatorToken() });
    expect(mailbox.status).toBe(404);
  });
});
