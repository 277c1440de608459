/**
 * The offline validators of infra/: helm and kubeconform built by the bootstrap into .tools/bin,
 * the Kubernetes JSON schemas from the kubernetes-validate wheel and the compose-spec schema from
 * compose-go (scripts/bootstrap.mjs, "Infra validation tools"). A missing tool is a failure with
 * the command that installs it, never a skipped test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const infraDir = join(repoRoot, 'infra');
export const chartDir = join(infraDir, 'helm', 'dualcontrol');
export const ciValues = join(chartDir, 'ci', 'test-values.yaml');
const tools = join(repoRoot, '.tools');

/** The Kubernetes versions the chart is validated against: its oldest supported and the newest. */
export const KUBERNETES_VERSIONS = ['1.29.0', '1.37.0'] as const;

function tool(path: string): string {
  if (!existsSync(path))
    throw new Error(
      `${path} is missing: run \`node scripts/bootstrap.mjs test\` (it installs the infra tools)`,
    );
  return path;
}

export type Run = { status: number | null; stdout: string; stderr: string };

export function runTool(cmd: string, args: string[], input?: string): Run {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', input, timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const helm = (args: string[]) => runTool(tool(join(tools, 'bin', 'helm')), args);

/** `helm template` of the chart with the given values files and --set pairs. */
export function helmTemplate(
  options: { values?: string[]; set?: string[]; kubeVersion?: string; chart?: string } = {},
): Run {
  const args = ['template', 'dc', options.chart ?? chartDir, '--namespace', 'dualcontrol'];
  for (const file of options.values ?? [ciValues]) args.push('-f', file);
  for (const pair of options.set ?? []) args.push('--set', pair);
  if (options.kubeVersion) args.push('--kube-version', options.kubeVersion);
  return helm(args);
}

export type KubeconformSummary = { valid: number; invalid: number; errors: number; skipped: number };

/** kubeconform -strict over manifests on stdin, offline, against one Kubernetes version's schemas. */
export function kubeconform(
  manifests: string,
  kubernetesVersion: string,
): Run & { summary: KubeconformSummary; problems: string[] } {
  const schemas = join(tools, 'kubernetes-json-schema');
  tool(join(schemas, `v${kubernetesVersion}-local-strict`, 'deployment-apps-v1.json'));
  const r = runTool(
    tool(join(tools, 'bin', 'kubeconform')),
    [
      '-strict',
      '-summary',
      '-output',
      'json',
      '-kubernetes-version',
      kubernetesVersion,
      // Only this location: no fallback to the network (there is none here, and CI must not need it).
      '-schema-location',
      `${schemas}/{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
      '-',
    ],
    manifests,
  );
  const out = JSON.parse(r.stdout) as {
    resources?: { kind: string; name: string; status: string; msg: string }[];
    summary: KubeconformSummary;
  };
  const problems = (out.resources ?? [])
    .filter((res) => res.status !== 'statusValid')
    .map((res) => `${res.kind}/${res.name}: ${res.status} ${res.msg}`);
  return { ...r, summary: out.summary, problems };
}

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are arbitrary Kubernetes objects
export type Manifest = Record<string, any>;

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

export const composeSchemaPath = () => tool(join(tools, 'schemas', 'compose-spec.json'));

export const readRepoFile = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
