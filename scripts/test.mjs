#!/usr/bin/env node
// `npm test`: bootstrap, run every workspace's typecheck/lint/test through turbo, then print one
// summary line built from the vitest JSON reports. Extra arguments go to turbo
// (e.g. `npm test -- --filter=@dualcontrol/api`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');

const boot = spawnSync(process.execPath, ['scripts/bootstrap.mjs', 'test'], { cwd: root, stdio: 'inherit' });
if (boot.status !== 0) {
  console.log('0 passed, 0 failed');
  process.exit(boot.status ?? 1);
}

// Where the vitest JSON reporter writes: <group>/<workspace>/test-results/vitest.json, tests/….
function reportFiles() {
  const files = [join(root, 'tests', 'test-results', 'vitest.json')];
  for (const group of ['apps', 'packages', 'modules']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const ws of readdirSync(dir, { withFileTypes: true })) {
      if (!ws.isDirectory()) continue;
      files.push(join(dir, ws.name, 'test-results', 'vitest.json'));
      // The API suite's second run, against two API processes (apps/api `test:processes`).
      files.push(join(dir, ws.name, 'test-results', 'vitest-processes.json'));
    }
  }
  return files;
}

// Stale reports from an earlier run must not be counted. Deleting them is safe with turbo's cache:
// on a cache hit turbo restores the task's outputs, so every report present afterwards belongs to
// this run (run fresh, or replayed from cache for unchanged inputs).
for (const f of reportFiles()) rmSync(f, { force: true });

const turboArgs = [
  'turbo',
  'run',
  'typecheck',
  'lint',
  'test',
  'test:processes',
  '--concurrency=2',
  '--continue',
  ...process.argv.slice(2),
];
const child = spawn('npx', turboArgs, { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
const turboCode = await new Promise((done) => {
  child.on('error', (err) => {
    console.error(`[test] could not run turbo: ${err.message}`);
    done(1);
  });
  child.on('exit', (code, signal) => done(code ?? 128 + (constants.signals[signal] ?? 1)));
});

let passed = 0;
let failed = 0;
let skipped = 0;
let unreadable = false;
for (const f of reportFiles()) {
  if (!existsSync(f)) continue;
  try {
    const r = JSON.parse(readFileSync(f, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } catch (err) {
    // A half-written report means the run did not finish properly: never report it as green.
    console.error(`[test] unreadable report ${f}: ${err.message}`);
    unreadable = true;
  }
}

console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(turboCode !== 0 ? turboCode : failed > 0 || unreadable ? 1 : 0);
