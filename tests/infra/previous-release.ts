/**
 * The previous release's source, ready to run beside this one. Used by previous-release.test.ts
 * (the expand/contract rule of docs/runbooks/deploy.md).
 *
 * "The previous release" is, by default, the newest commit on main (first parents) with fewer
 * migrations than this checkout: the parent of the commit that added the newest migrations. That
 * is the code that ran on the schema before them, which is what an old pod still serving during a
 * deploy, or a rollback, runs on the new schema. DC_PREVIOUS_RELEASE=<commit or tag> names
 * another one, e.g. the tag running in production before a deploy.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './infra-tools.ts';

const git = (args: string[], opts: { input?: string } = {}) =>
  execFileSync('git', args, {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...opts,
  }).trim();

export type PreviousRelease = {
  commit: string;
  /** How it was chosen, for the test's output. */
  why: string;
  /** Migrations each side knows (journal entries). */
  migrations: { previous: number; current: number };
  dir: string;
};

const JOURNAL = 'packages/db/migrations/meta/_journal.json';

function migrationCount(journal: string): number {
  return (JSON.parse(journal) as { entries: unknown[] }).entries.length;
}

/** Resolves the previous release's commit, failing with what to do when the history is missing. */
export function resolvePreviousRelease(): { commit: string; why: string } {
  if (git(['rev-parse', '--is-shallow-repository']) === 'true')
    throw new Error(
      'the previous-release test needs the git history, and this clone is shallow: ' +
        'run `git fetch --unshallow` (CI: actions/checkout with fetch-depth: 0)',
    );
  const named = process.env.DC_PREVIOUS_RELEASE;
  if (named) {
    try {
      return {
        commit: git(['rev-parse', '--verify', `${named}^{commit}`]),
        why: `DC_PREVIOUS_RELEASE=${named}`,
      };
    } catch {
      throw new Error(`DC_PREVIOUS_RELEASE=${named} is not a commit in this clone (fetch its tag?)`);
    }
  }
  // Walk back along main (first parents) through the commits that changed the migration journal,
  // to the newest one that knew fewer migrations than this checkout. A commit that only
  // regenerates or renumbers migrations keeps the count, so it is passed over. The release is the
  // parent of the last commit walked before it: the newest code that ran on the older schema.
  const current = migrationCount(readFileSync(join(repoRoot, JOURNAL), 'utf8'));
  const changes = git(['log', '--first-parent', '--format=%H', 'HEAD', '--', JOURNAL])
    .split('\n')
    .filter(Boolean);
  if (changes.length === 0)
    throw new Error(`no commit in the history changed ${JOURNAL}: is the history missing?`);
  for (let i = 1; i < changes.length; i += 1) {
    if (migrationCount(git(['show', `${changes[i]}:${JOURNAL}`])) >= current) continue;
    const added = changes[i - 1]!;
    try {
      return {
        commit: git(['rev-parse', '--verify', `${added}^1`]),
        why: `the parent of ${added.slice(0, 10)}, the newest commit that added migrations`,
      };
    } catch {
      throw new Error(`commit ${added} has no parent in this clone: the history is incomplete`);
    }
  }
  throw new Error(
    `no commit in the history had fewer migrations than this checkout's ${current}: is the history missing?`,
  );
}

/**
 * The previous release's workspaces in a temporary folder (`git archive`), with a node_modules of
 * its own. In it, `@dualcontrol/*` points at the old workspaces, and every other package is a
 * link into this checkout's node_modules: the third-party code is today's install. A release
 * close to this one shares its lockfile but for a few entries.
 */
export async function checkOutPreviousRelease(): Promise<PreviousRelease> {
  const { commit, why } = resolvePreviousRelease();
  const dir = await mkdtemp(join(tmpdir(), 'dc-previous-release-'));
  const paths = ['apps', 'modules', 'packages', 'package.json', 'tsconfig.json'].filter((p) =>
    git(['ls-tree', '--name-only', commit, p]),
  );
  execFileSync('sh', ['-c', `git archive --format=tar ${commit} ${paths.join(' ')} | tar -x -C "${dir}"`], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });

  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@dualcontrol'), { recursive: true });
  const ours = join(repoRoot, 'node_modules');
  for (const entry of readdirSync(ours)) {
    if (entry === '@dualcontrol' || entry === '.bin' || entry.startsWith('.')) continue;
    symlinkSync(join(ours, entry), join(modules, entry));
  }
  for (const group of ['apps', 'modules', 'packages']) {
    const groupDir = join(dir, group);
    if (!existsSync(groupDir)) continue;
    for (const ws of readdirSync(groupDir)) {
      const manifest = join(groupDir, ws, 'package.json');
      if (!existsSync(manifest)) continue;
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name;
      if (name.startsWith('@dualcontrol/'))
        symlinkSync(join(groupDir, ws), join(modules, '@dualcontrol', name.slice('@dualcontrol/'.length)));
    }
  }

  return {
    commit,
    why,
    dir,
    migrations: {
      previous: migrationCount(readFileSync(join(dir, JOURNAL), 'utf8')),
      current: migrationCount(readFileSync(join(repoRoot, JOURNAL), 'utf8')),
    },
  };
}
