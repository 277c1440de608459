#!/usr/bin/env node
// `npm start`: bootstrap the checkout, then hand over to the TypeScript launcher. Node built-ins
// only, because it runs before node_modules (and so tsx) is guaranteed to exist.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');

const boot = spawnSync(process.execPath, ['scripts/bootstrap.mjs', 'start'], { cwd: root, stdio: 'inherit' });
if (boot.status !== 0) process.exit(boot.status ?? 1);

// The API believes the browser address the portal names only with this secret; both processes
// inherit it from here. One per run unless set (the environment's own value wins).
if (!process.env.PORTAL_API_SECRET) process.env.PORTAL_API_SECRET = randomBytes(32).toString('base64url');

const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'scripts/launch-stack.ts', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
// Pass stop requests on so the launcher can shut Postgres and Temporal down cleanly; we stay alive
// until it has. On Ctrl-C the launcher may see SIGINT more than once (terminal + npm + us).
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('error', (err) => {
  console.error(`[start] could not run the launcher: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
