/**
 * The bench's SMTP listener in its own process (as a real relay would be): smtp-server reading
 * every message to its end, reporting its port once listening and its count when asked (IPC).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, done) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received += 1;
      done();
    });
  },
});
smtp.listen(0, '127.0.0.1');
await once(smtp.server, 'listening');
process.send?.({ port: (smtp.server.address() as AddressInfo).port });
process.on('message', (m: { type?: string }) => {
  if (m?.type === 'count') process.send?.({ received });
  if (m?.type === 'stop') smtp.close(() => process.exit(0));
});
