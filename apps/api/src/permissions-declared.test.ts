import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_PERMISSIONS, MODULE_IDS, ROLE_PERMISSIONS } from '@dualcontrol/platform';
import { createProductRegistry, productModules } from '@dualcontrol/product';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
const PERMISSION = new RegExp(`'((?:${MODULE_IDS.join('|')}):[a-z-]+:[a-z-]+(?::own|:any)?)'`, 'g');

describe('permission strings', () => {
  it('the product registry boots with the one role table', () => {
    expect(() => createProductRegistry()).not.toThrow();
  });

  // A misspelt permission would be held by nobody and refuse silently: every one a module's code
  // names must be declared by its manifest.
  it('every permission named in module code is declared by its module', () => {
    const declared = new Set<string>([
      ...CORE_PERMISSIONS,
      ...productModules.flatMap((m) => m.permissions ?? []),
    ]);
    const named = MODULE_IDS.flatMap((id) =>
      sources(join(root, 'modules', id, 'src')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(PERMISSION)].map((m) => m[1]!),
      ),
    );
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((p) => !declared.has(p))).toEqual([]);
  });

  it('owners and admins are the office: every :any and office permission, no :own', () => {
    expect(ROLE_PERMISSIONS.admin).toEqual(ROLE_PERMISSIONS.owner);
    const office = new Set<string>(ROLE_PERMISSIONS.owner);
    for (const role of ['instructor', 'student', 'guardian'] as const)
      for (const p of ROLE_PERMISSIONS[role])
        if (!p.endsWith(':own'))
          expect.soft(office.has(p) || p === 'scheduling:assignments:read:any', p).toBe(true);
  });
});
