import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { portalBuilt, portalRoot } from './portal-server.ts';

/** Newest modification time of the portal's sources (app, public, the Vite config) and their folders. */
function newestSource(): number {
  let newest = statSync(join(portalRoot, 'vite.config.ts')).mtimeMs;
  // Directories count too: renaming or deleting a route keeps file times but changes its folder's.
  const walk = (dir: string) => {
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(portalRoot, 'app'));
  walk(join(portalRoot, 'public'));
  return newest;
}

/**
 * Builds the portal (Remix + Vite, a few seconds) when it was never built or a source changed
 * since; otherwise reuses the build. Output goes to the terminal so a long first build shows.
 */
export function ensurePortalBuild(log: (line: string) => void): void {
  const serverBundle = join(portalRoot, 'build', 'server', 'index.js');
  if (portalBuilt() && statSync(serverBundle).mtimeMs >= newestSource()) {
    log('portal build up to date');
    return;
  }
  log('building the portal (remix vite:build)…');
  // The Remix CLI from wherever npm put @remix-run/dev (hoisted or not).
  const pkgPath = createRequire(join(portalRoot, 'package.json')).resolve('@remix-run/dev/package.json');
  const bin = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: { remix: string } }).bin.remix;
  const result = spawnSync(process.execPath, [join(dirname(pkgPath), bin), 'vite:build'], {
    cwd: portalRoot,
    stdio: 'inherit',
    // Always a production bundle: under NODE_ENV=test or development Vite would ship React's dev build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('the portal build failed (see above)');
}
