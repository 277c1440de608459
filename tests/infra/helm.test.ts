/**
 * The Helm chart (infra/helm/dualcontrol), offline: `helm lint --strict`, then `helm template`
 * piped to `kubeconform -strict` against the Kubernetes JSON schemas of the oldest and newest
 * versions we support, then what the schemas cannot say (probes on the right paths, hooks, every
 * Deployment covered by an HPA, a PDB and a NetworkPolicy, an environment the app itself accepts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EnvSchema, parseEnv } from '@dualcontrol/config';
import { roleUrls } from '@dualcontrol/db';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chartDir,
  ciValues,
  helm,
  helmTemplate,
  KUBERNETES_VERSIONS,
  kubeconform,
  type Manifest,
  parseManifests,
  repoRoot,
} from './infra-tools.ts';

let rendered: string;
let docs: Manifest[];
const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
const named = (kind: string, suffix: string) => {
  const found = docs.find((d) => d.kind === kind && d.metadata.name.endsWith(`-${suffix}`));
  if (!found) throw new Error(`no ${kind} named *-${suffix} in the rendered chart`);
  return found;
};
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

beforeAll(() => {
  const r = helmTemplate();
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  rendered = r.stdout;
  docs = parseManifests(rendered);
});

// kubeconform compiles each kind's schema with the whole _definitions.json (1–2 s of CPU per run);
// on a loaded machine a run has taken over 30 s, hence the generous limit.
describe('helm lint and kubeconform', { timeout: 180_000 }, () => {
  it('passes helm lint --strict with the CI values', () => {
    const r = helm(['lint', '--strict', chartDir, '-f', ciValues]);
    expect(r.stdout + r.stderr).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(r.status).toBe(0);
  });

  for (const version of KUBERNETES_VERSIONS) {
    it(`renders only objects valid against the Kubernetes ${version} schemas (kubeconform -strict)`, () => {
      const r = helmTemplate({ kubeVersion: version });
      expect(r.status).toBe(0);
      const result = kubeconform(r.stdout, version);
      expect(result.problems).toEqual([]);
      // Nothing skipped: every kind has a schema, so nothing passes merely for being unknown.
      expect(result.summary).toEqual({
        valid: parseManifests(r.stdout).length,
        invalid: 0,
        errors: 0,
        skipped: 0,
      });
      expect(result.status).toBe(0);
    });
  }

  it('also renders valid objects with the defaults plus an existing Secret and no ingress', () => {
    const r = helmTemplate({
      values: [],
      set: ['secrets.existingSecret=dualcontrol-prod', 'temporal.address=temporal:7233', 'image.tag=1.2.3'],
    });
    expect(r.stderr).toBe('');
    const result = kubeconform(r.stdout, KUBERNETES_VERSIONS[0]);
    expect(result.problems).toEqual([]);
    expect(result.summary.invalid + result.summary.errors + result.summary.skipped).toBe(0);
    // No chart-made Secret then: the pods read the operator's.
    expect(parseManifests(r.stdout).filter((d) => d.kind === 'Secret')).toEqual([]);
  });

  it('with config.otlpEndpoint: every process gets OTEL_EXPORTER_OTLP_ENDPOINT and may reach the collector', () => {
    const r = helmTemplate({ set: ['config.otlpEndpoint=http://otel-collector.observability:4318'] });
    expect(r.stderr).toBe('');
    const result = kubeconform(r.stdout, KUBERNETES_VERSIONS[0]);
    expect(result.problems).toEqual([]);
    const traced = parseManifests(r.stdout);
    const config = traced.find((d) => d.kind === 'ConfigMap' && d.metadata.name.endsWith('-config'))!;
    const endpoint = config.data.OTEL_EXPORTER_OTLP_ENDPOINT;
    expect(endpoint).toBe('http://otel-collector.observability:4318');
    expect(EnvSchema.shape.OTEL_EXPORTER_OTLP_ENDPOINT.parse(endpoint)).toBe(endpoint);
    for (const name of ['api', 'worker', 'portal']) {
      const policy = traced.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name.endsWith(`-${name}`))!;
      const ports = policy.spec.egress.flatMap((rule: Manifest) => rule.ports.map((p: Manifest) => p.port));
      expect(ports, name).toContain(4318);
    }
    // Off by default: no variable, no egress to a collector.
    expect(named('ConfigMap', 'config').data).not.toHaveProperty('OTEL_EXPORTER_OTLP_ENDPOINT');
    const defaultPorts = byKind('NetworkPolicy').flatMap((p) =>
      p.spec.egress.flatMap((rule: Manifest) => rule.ports.map((port: Manifest) => port.port)),
    );
    expect(defaultPorts).not.toContain(4318);
  });

  it('is not vacuous: kubeconform rejects a rendered Deployment with a misspelt or mistyped field', () => {
    // The API's Deployment alone (one schema to compile), valid as rendered, then broken twice.
    const deployment = rendered
      .split(/^---$/m)
      .find((doc) => /^kind: Deployment$/m.test(doc) && /^ {2}name: dc-dualcontrol-api$/m.test(doc))!;
    expect(kubeconform(deployment, KUBERNETES_VERSIONS[0]).summary).toMatchObject({ valid: 1, invalid: 0 });

    const misspelt = deployment.replace('imagePullPolicy: IfNotPresent', 'imagePullPolicyy: IfNotPresent');
    expect(misspelt).not.toBe(deployment);
    const a = kubeconform(misspelt, KUBERNETES_VERSIONS[0]);
    expect(a.status).not.toBe(0);
    expect(a.summary.invalid).toBe(1);
    expect(a.problems.join('\n')).toMatch(/imagePullPolicyy/);

    const mistyped = deployment.replace(/containerPort: \d+/, 'containerPort: "http"');
    expect(mistyped).not.toBe(deployment);
    const b = kubeconform(mistyped, KUBERNETES_VERSIONS[0]);
    expect(b.status).not.toBe(0);
    expect(b.summary.invalid).toBe(1);
  });
});

describe('what the chart refuses to render', () => {
  it('without a Secret: it says which values to set', () => {
    const r = helmTemplate({ values: [], set: ['temporal.address=temporal:7233'] });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('secrets.existingSecret');
  });

  it('without a Temporal address', () => {
    const r = helmTemplate({ set: ['temporal.address='] });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('temporal.address');
  });

  it('a chart-made Secret missing a required key', () => {
    const r = helmTemplate({ set: ['secrets.values.ENCRYPTION_KEYS='] });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('secrets.values.ENCRYPTION_KEYS is required');
  });

  it('the `latest` image tag, and a misspelt top-level value (values.schema.json)', () => {
    const latest = helmTemplate({ set: ['image.tag=latest'] });
    expect(latest.status).not.toBe(0);
    expect(latest.stderr).toContain('latest');
    const typo = helmTemplate({ set: ['replicaz=3'] });
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toMatch(/replicaz/);
  });
});

describe('the rendered release', () => {
  const components = ['api', 'worker', 'portal'] as const;

  it('runs api, worker and portal as non-root, read-only Deployments with requests and limits', () => {
    expect(
      byKind('Deployment')
        .map((d) => d.metadata.name.replace(/^dc-dualcontrol-/, ''))
        .sort(),
    ).toEqual(['api', 'portal', 'worker']);
    for (const d of byKind('Deployment')) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
        expect(c.image).toMatch(/^ghcr\.io\/dualcontrol\/dualcontrol-(api|worker|portal):0\.1\.0-test$/);
        // The entry file the container starts must exist in this repo.
        expect(c.command.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
        expect(existsSync(join(repoRoot, c.command[3]))).toBe(true);
      }
    }
  });

  it('probes the API on /api/readyz (readiness) and /api/healthz (liveness, start-up)', () => {
    const [api] = named('Deployment', 'api').spec.template.spec.containers;
    expect(api.readinessProbe.httpGet).toEqual({ path: '/api/readyz', port: 'http' });
    expect(api.livenessProbe.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
    expect(api.startupProbe.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
    // The portal's probes ask for a static file the portal really serves.
    const [portal] = named('Deployment', 'portal').spec.template.spec.containers;
    const path = portal.readinessProbe.httpGet.path as string;
    expect(portal.livenessProbe.httpGet.path).toBe(path);
    expect(existsSync(join(repoRoot, 'apps/portal/public', path))).toBe(true);
  });

  it('scales every Deployment with an HPA and shields it with a PDB that selects its pods', () => {
    for (const component of components) {
      const deployment = named('Deployment', component);
      const podLabels = deployment.spec.template.metadata.labels;
      const hpa = named('HorizontalPodAutoscaler', component);
      expect(hpa.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deployment.metadata.name,
      });
      expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
      // While an HPA owns the replica count, the Deployment must not fight it on every upgrade.
      expect(deployment.spec.replicas).toBeUndefined();
      expect(matches(named('PodDisruptionBudget', component).spec.selector.matchLabels, podLabels)).toBe(
        true,
      );
    }
    // Two API and two portal pods at least, so a PDB of minAvailable 1 lets a node drain.
    expect(named('HorizontalPodAutoscaler', 'api').spec.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it('puts every pod (the migration Job too) under a NetworkPolicy; the portal may reach only the API', () => {
    const policies = byKind('NetworkPolicy');
    const pods = [
      ...byKind('Deployment').map((d) => d.spec.template.metadata.labels),
      named('Job', 'migrate').spec.template.metadata.labels,
    ];
    for (const labels of pods) {
      const covering = policies.filter((p) => matches(p.spec.podSelector.matchLabels, labels));
      expect(covering.length, JSON.stringify(labels)).toBe(1);
      expect(covering[0]!.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    }
    const portal = named('NetworkPolicy', 'portal');
    const apiPods = named('Deployment', 'api').spec.template.metadata.labels;
    const nonDns = portal.spec.egress.filter((rule: Manifest) => rule.ports[0].port !== 53);
    expect(nonDns).toHaveLength(1);
    expect(matches(nonDns[0].to[0].podSelector.matchLabels, apiPods)).toBe(true);
    expect(named('NetworkPolicy', 'worker').spec.ingress).toEqual([]);
    // The api and the worker reach PgBouncer, and PostgreSQL itself for LISTEN (never pooled).
    for (const name of ['api', 'worker']) {
      const ports = named('NetworkPolicy', name).spec.egress.flatMap((r: Manifest) =>
        r.ports.map((p: Manifest) => p.port),
      );
      expect(ports, name).toEqual(expect.arrayContaining([6432, 5432]));
    }
  });

  it('migrates in a pre-install/pre-upgrade Job that runs after the Secret it reads exists', () => {
    const job = named('Job', 'migrate');
    const hooks = (job.metadata.annotations['helm.sh/hook'] as string).split(',');
    expect(hooks.sort()).toEqual(['pre-install', 'pre-upgrade']);
    const [container] = job.spec.template.spec.containers;
    expect(container.command).toEqual([
      'node',
      '--import',
      'tsx',
      'scripts/migrate.ts',
      '--role-logins',
      '--operator',
    ]);
    expect(container.image).toBe(named('Deployment', 'api').spec.template.spec.containers[0].image);
    const secret = byKind('Secret')[0]!;
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    expect(secret.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(Number(secret.metadata.annotations['helm.sh/hook-weight'])).toBeLessThan(
      Number(job.metadata.annotations['helm.sh/hook-weight']),
    );
    // Hooks run before the release's own ConfigMap exists: the Job must not depend on it.
    expect(JSON.stringify(job)).not.toContain('configMapRef');
  });

  it("gives every process an environment that the app's own configuration schema accepts in production", () => {
    const config = named('ConfigMap', 'config').data as Record<string, string>;
    const secret = byKind('Secret')[0]!.stringData as Record<string, string>;
    // No key the app would silently ignore (a misspelt variable is a missing one).
    const known = Object.keys(EnvSchema.shape);
    for (const key of [...Object.keys(config), ...Object.keys(secret)]) expect(known, key).toContain(key);
    const env = parseEnv({ ...config, ...secret });
    expect(env.NODE_ENV).toBe('production');
    expect(env.LISTEN_HOST).toBe('0.0.0.0');
    expect(env.API_WORKERS).toBe(1);
    // The portal calls the API through its Service, on the Service's port.
    const apiService = named('Service', 'api');
    expect(env.PORTAL_API_URL).toBe(`http://${apiService.metadata.name}:${apiService.spec.ports[0].port}`);
    // The run-time roles go through the pooler (DATABASE_POOLER_URL: unnamed statements, LISTEN
    // direct); the owner (migrations) and the roles' own URLs name PostgreSQL itself.
    expect(env.DATABASE_URL).toContain(':5432/');
    expect(env.DATABASE_APP_URL).toContain(':5432/');
    const urls = roleUrls(env);
    expect(urls.app).toContain(':6432/');
    expect(urls.pooler?.app.listenUrl).toBe(env.DATABASE_APP_URL);
    for (const d of byKind('Deployment')) {
      expect(d.spec.template.spec.containers[0].envFrom).toEqual([
        { configMapRef: { name: named('ConfigMap', 'config').metadata.name } },
        { secretRef: { name: byKind('Secret')[0]!.metadata.name } },
      ]);
    }
  });

  it('routes /api to the API and the rest to the portal, for the platform and every school host', () => {
    const [ingress] = byKind('Ingress');
    expect(ingress!.spec.rules.map((r: Manifest) => r.host)).toEqual([
      'schools.example.test',
      '*.schools.example.test',
    ]);
    for (const rule of ingress!.spec.rules) {
      expect(rule.http.paths.map((p: Manifest) => [p.path, p.backend.service.name])).toEqual([
        ['/api', named('Service', 'api').metadata.name],
        ['/', named('Service', 'portal').metadata.name],
      ]);
    }
  });
});
