/**
 * infra/docker/Dockerfile without a Docker engine (there is none here; the images are built
 * elsewhere): its instructions read as Docker reads them (continuations joined, ARG defaults
 * substituted), then checked for what a production image needs, and against the Helm chart and
 * compose file that run it, so the three cannot drift apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helmTemplate, type Manifest, parseManifests, readRepoFile, repoRoot } from './infra-tools.ts';

type Instruction = { op: string; args: string };
type Stage = { name: string; from: string; instructions: Instruction[] };

function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = text
    .replace(/\\\n/g, ' ') // continuation lines
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, rest = ''] = /^(\w+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { op: op!.toUpperCase(), args: rest.replace(/\s+/g, ' ') };
    if (instruction.op === 'FROM') {
      const [, image, name] = /^(\S+)(?: AS (\S+))?$/i.exec(instruction.args) ?? [];
      const from = image!.replace(/\$\{(\w+)\}/g, (_m, n: string) => args[n] ?? `<unset ${n}>`);
      stages.push({ name: name ?? `stage${stages.length}`, from, instructions: [] });
    } else if (instruction.op === 'ARG' && stages.length === 0) {
      const [, n, v] = /^(\w+)=(.*)$/.exec(instruction.args) ?? [];
      if (n) args[n] = v!;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(readRepoFile('infra/docker/Dockerfile'));
const stage = (name: string) => {
  const s = dockerfile.stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage ${name}`);
  return s;
};
/** A stage's instructions, its parents' first (FROM <stage>). */
function lineage(name: string): Instruction[] {
  const s = stage(name);
  const parent = dockerfile.stages.find((x) => x.name === s.from);
  return [...(parent ? lineage(parent.name) : []), ...s.instructions];
}
const last = (name: string, op: string) =>
  lineage(name)
    .filter((i) => i.op === op)
    .at(-1)?.args;
const cmdOf = (name: string) => JSON.parse(last(name, 'CMD')!) as string[];

describe('infra/docker/Dockerfile', () => {
  it('builds on a pinned Node LTS (an even major, a full version) and a pinned npm', () => {
    expect(dockerfile.args.NODE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(dockerfile.args.NODE_VERSION!.split('.')[0]) % 2).toBe(0);
    const packageManager = JSON.parse(readRepoFile('package.json')).packageManager as string;
    expect(`npm@${dockerfile.args.NPM_VERSION}`).toBe(packageManager);
    for (const s of dockerfile.stages) {
      // Either an earlier stage or an image with an explicit version tag.
      if (dockerfile.stages.some((x) => x.name === s.from)) continue;
      expect(s.from).toMatch(/^node:\d+\.\d+\.\d+-bookworm-slim$/);
    }
  });

  it('installs production dependencies with npm ci --omit=dev, and the portal is built in its own stage', () => {
    const install = stage('prod-deps')
      .instructions.map((i) => i.args)
      .join('\n');
    expect(install).toMatch(/npm ci --omit=dev/);
    expect(
      stage('runtime').instructions.some((i) => i.op === 'COPY' && i.args.includes('--from=prod-deps')),
    ).toBe(true);
    expect(
      stage('portal-build')
        .instructions.map((i) => i.args)
        .join('\n'),
    ).toContain('npm run build --workspace @dualcontrol/portal');
    expect(stage('portal').instructions.some((i) => i.args.includes('--from=portal-build'))).toBe(true);
  });

  it('runs tsx from the production tree: the lockfile keeps it out of the dev-only packages', () => {
    // The image runs `node --import tsx`; `npm ci --omit=dev` installs only non-dev lockfile entries.
    const lock = JSON.parse(readRepoFile('package-lock.json'));
    const tsx = lock.packages['node_modules/tsx'];
    expect(tsx, 'tsx in package-lock.json').toBeDefined();
    expect(tsx.dev, 'tsx must not be dev-only, or the production image cannot start').not.toBe(true);
  });

  for (const [target, entry] of [
    ['api', 'apps/api/src/main.ts'],
    ['worker', 'apps/worker/src/main.ts'],
    ['portal', 'apps/portal/server/main.ts'],
  ] as const) {
    it(`target ${target}: non-root, listening beyond loopback, starting ${entry}`, () => {
      expect(last(target, 'USER')).toBe('1000:1000');
      expect(cmdOf(target)).toEqual(['node', '--import', 'tsx', entry]);
      expect(existsSync(join(repoRoot, entry))).toBe(true);
      expect(lineage(target).some((i) => i.op === 'ENV' && i.args.includes('LISTEN_HOST=0.0.0.0'))).toBe(
        true,
      );
    });
  }

  it('health-checks the API on /api/healthz and the portal on a static file it serves; the worker has none', () => {
    expect(last('api', 'HEALTHCHECK')).toContain('/api/healthz');
    const portalCheck = last('portal', 'HEALTHCHECK')!;
    const [, file] = /\/([\w.-]+)'\)/.exec(portalCheck) ?? [];
    expect(existsSync(join(repoRoot, 'apps/portal/public', file!))).toBe(true);
    expect(last('worker', 'HEALTHCHECK')).toBe('NONE');
  });

  it('starts the same commands the Helm chart and the compose file run', () => {
    const docs = parseManifests(helmTemplate().stdout);
    const chartCommand = (suffix: string) =>
      docs.find((d: Manifest) => d.kind === 'Deployment' && d.metadata.name.endsWith(`-${suffix}`))!.spec
        .template.spec.containers[0].command;
    for (const target of ['api', 'worker', 'portal']) expect(chartCommand(target)).toEqual(cmdOf(target));
    // compose runs the images' own CMD: no service of ours overrides it (the migration job aside).
    const compose = parse(readRepoFile('infra/compose.yaml'), { merge: true }) as Manifest;
    for (const target of ['api', 'worker', 'portal']) {
      expect(compose.services[target].build.target).toBe(target);
      expect(compose.services[target].command).toBeUndefined();
    }
  });

  it('keeps host-built and secret files out of the build context (.dockerignore)', () => {
    const ignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '.git', '.tools', '.data', '.env', 'apps/portal/build'])
      expect(ignore).toContain(entry);
    // The lockfile lists the tests workspace: npm ci needs its manifest even in the image.
    expect(ignore).toContain('!tests/package.json');
  });
});
