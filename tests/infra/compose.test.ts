/**
 * infra/compose.yaml without a Docker engine: the file against the compose-spec JSON schema (the one
 * compose-go, Docker Compose's loader, ships; fetched by the bootstrap), YAML merge keys resolved
 * as Compose resolves them, then what the schema cannot say: references between services, pinned
 * images, the pooler's mode, and an environment the app's configuration schema accepts once the
 * ${VARIABLES} are filled in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvSchema, parseEnv } from '@dualcontrol/config';
import { roleUrls } from '@dualcontrol/db';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeSchemaPath, infraDir, type Manifest, readRepoFile } from './infra-tools.ts';

const composeText = readFileSync(join(infraDir, 'compose.yaml'), 'utf8');
// Merge keys (`<<: *build`) are YAML 1.1; Compose honours them, so must our reading.
const load = (text: string) => parse(text, { merge: true }) as Manifest;
let validate: (data: unknown) => string[];

beforeAll(() => {
  const schema = JSON.parse(readFileSync(composeSchemaPath(), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const check = ajv.compile(schema);
  validate = (data) =>
    check(data) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
});

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g,
    (_m, name: string, op?: string, arg?: string) => {
      const v = vars[name];
      const set = op?.startsWith(':') ? v !== undefined && v !== '' : v !== undefined;
      if (set) return v!;
      if (op?.endsWith('?')) throw new Error(`${name}: ${arg}`);
      return arg ?? '';
    },
  );
}

describe('compose.yaml', () => {
  const compose = load(composeText);
  const services = compose.services as Record<string, Manifest>;

  it('is valid against the compose-spec schema', () => {
    expect(validate(compose)).toEqual([]);
  });

  it('is not vacuously valid: the schema rejects a misspelt key and an unknown start condition', () => {
    expect(validate(load(composeText.replace('depends_on:', 'depend_on:')))).not.toEqual([]);
    const badCondition = composeText.replace('service_completed_successfully', 'service_finished');
    expect(badCondition).not.toBe(composeText);
    expect(validate(load(badCondition)).join('\n')).toMatch(/condition|allowed values/);
  });

  it('runs PostgreSQL, PgBouncer, Temporal and its UI, the migration job, api ×2, the worker and the portal', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'migrate', 'pgbouncer', 'portal', 'postgres', 'temporal', 'temporal-ui', 'worker'].sort(),
    );
    expect(services.api!.deploy.replicas).toBe(2);
    expect(services.pgbouncer!.environment.POOL_MODE).toBe('transaction');
    // Temporal persists to the PostgreSQL service, not to an in-memory or SQLite store.
    expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
  });

  it('names only services that exist, and starts api and worker after the migration job succeeded', () => {
    for (const [name, service] of Object.entries(services)) {
      const deps = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(Object.keys(services), `${name} depends on ${dep}`).toContain(dep);
    }
    for (const name of ['api', 'worker']) {
      expect(services[name]!.depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
    }
    expect(services.migrate!.restart).toBe('no');
    expect(services.migrate!.command).toEqual([
      'node',
      '--import',
      'tsx',
      'scripts/migrate.ts',
      '--role-logins',
      '--operator',
    ]);
  });

  it('pins every image by version and builds ours from infra/docker/Dockerfile targets', () => {
    for (const [name, service] of Object.entries(services)) {
      const image = interpolate(service.image as string, {});
      expect(image, name).toMatch(/^[a-z0-9./-]+:[^:]+$/);
      expect(image, name).not.toMatch(/:latest$/);
      if (service.build) {
        expect(service.build).toMatchObject({ context: '..', dockerfile: 'infra/docker/Dockerfile' });
        expect(['api', 'worker', 'portal']).toContain(service.build.target);
        expect(readRepoFile('infra/docker/Dockerfile')).toContain(`AS ${service.build.target}\n`);
      }
    }
  });

  it('gives the apps an environment their configuration schema accepts in production', () => {
    // Every required ${VAR:?} is documented in compose.env.example…
    const required = [...composeText.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]!);
    const example = readRepoFile('infra/compose.env.example');
    for (const name of new Set(required)) expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
    // …and with real-looking values filled in, the app's own schema parses what each process gets.
    const vars = {
      POSTGRES_PASSWORD: 'a1b2c3d4e5f6',
      DATABASE_ROLE_PASSWORD: 'f6e5d4c3b2a1',
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      PORTAL_SESSION_SECRET: 's'.repeat(40),
      PORTAL_API_SECRET: 'p'.repeat(40),
      PLATFORM_OPERATOR_PASSWORD: 'operator-password-1',
    };
    for (const name of ['migrate', 'api', 'worker', 'portal']) {
      const raw = services[name]!.environment as Record<string, string>;
      for (const key of Object.keys(raw)) expect(Object.keys(EnvSchema.shape), key).toContain(key);
      const env = parseEnv(
        Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, interpolate(String(v), vars)])),
      );
      expect(env.NODE_ENV).toBe('production');
      expect(env.LISTEN_HOST).toBe('0.0.0.0');
      expect(env.PORTAL_API_URL).toBe('http://api:3000');
      // The run-time roles go through the pooler (unnamed statements, LISTEN direct); the owner and
      // the roles' own URLs name PostgreSQL itself.
      expect(new URL(env.DATABASE_URL!).host).toBe('postgres:5432');
      expect(new URL(env.DATABASE_APP_URL!).host).toBe('postgres:5432');
      const urls = roleUrls(env);
      expect(new URL(urls.app).host).toBe('pgbouncer:6432');
      expect(new URL(urls.platform).username).toBe('dualcontrol_platform');
      expect(urls.pooler?.platform.listenUrl).toBe(env.DATABASE_PLATFORM_URL);
    }
    // A missing secret stops `docker compose` with the variable's name, before anything starts.
    expect(() => interpolate(String(services.api!.environment.ENCRYPTION_KEYS), {})).toThrow(
      /ENCRYPTION_KEYS/,
    );
  });
});
