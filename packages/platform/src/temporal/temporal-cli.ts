import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Same search order as scripts/bootstrap.mjs: TEMPORAL_CLI, the project's .tools, then PATH. */
export function findTemporalCli(explicit?: string): string {
  const candidates = [explicit, resolve(repoRoot, '.tools/bin/temporal'), 'temporal'].filter(
    (c): c is string => Boolean(c),
  );
  for (const candidate of candidates) {
    if (candidate.includes('/') && !existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    'The Temporal CLI was not found. Run `node scripts/bootstrap.mjs` (it installs it into .tools/), set TEMPORAL_CLI to its path, or set TEMPORAL_ADDRESS to a running server.',
  );
}
