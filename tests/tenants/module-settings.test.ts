import { CRM_PERMISSIONS } from '@dualcontrol/crm';
import { systemActor } from '@dualcontrol/db';
import {
  applyTenantDefinition,
  createModuleRegistry,
  type ModuleSettings,
  parseModuleSettings,
  readModuleSettings,
  updateModuleSettings,
} from '@dualcontrol/platform';
import { createTestDatabase, type TestDatabase } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

// A settings schema of the same kind as the modules' (loose, every field defaulted), on the crm row.
const ReminderSchema = z.looseObject({
  reminderHours: z.number().int().min(1).default(24),
  channel: z.enum(['email', 'sms']).default('email'),
  quiet: z.boolean().default(false),
});
const inherited: ModuleSettings<typeof ReminderSchema> = {
  moduleId: 'crm',
  schema: ReminderSchema,
  inheritsDefinition: true,
};
const ownOnly: ModuleSettings<typeof ReminderSchema> = { ...inherited, inheritsDefinition: false };

describe('module settings (defaults ← school definition ← own settings)', () => {
  let tdb: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    // crm's permission strings: the role table grants them, and the registry checks every grant.
    const registry = createModuleRegistry([
      { id: 'crm', title: 'CRM', version: '1', dependsOn: [], permissions: CRM_PERMISSIONS },
    ]);
    ({ tenantId } = await applyTenantDefinition(tdb.platformDb, registry, systemActor, {
      slug: 'settingsschool',
      name: 'Settings School',
      timezone: 'Europe/London',
      currency: 'GBP',
      locale: 'en-GB',
      branding: {},
      modules: ['crm'],
      policies: { reminderHours: 48, selfSignup: false },
      users: [
        { email: 'owner@settings.test', name: 'Owner', password: 'owner-password-1', roles: ['owner'] },
      ],
    }));
  });
  afterAll(() => tdb.drop());

  it('reads the defaults under the school definition, or the defaults alone when not inherited', async () => {
    const [withDefinition, alone] = await tdb.db.withTenant(tenantId, systemActor, (tx) =>
      Promise.all([
        readModuleSettings({ tx, tenantId, settings: inherited }),
        readModuleSettings({ tx, tenantId, settings: ownOnly }),
      ]),
    );
    // The definition's school-wide keys pass through a loose schema, as scheduling's policies always did.
    expect(withDefinition).toEqual({ reminderHours: 48, channel: 'email', quiet: false, selfSignup: false });
    expect(alone).toEqual({ reminderHours: 24, channel: 'email', quiet: false });
  });

  it('updates some settings, keeps the others, and the module’s own settings win over the definition', async () => {
    const afterChannel = await tdb.db.withTenant(tenantId, systemActor, (tx) =>
      updateModuleSettings({ tx, tenantId, settings: inherited, changes: { channel: 'sms' } }),
    );
    expect(afterChannel).toEqual({ reminderHours: 48, channel: 'sms', quiet: false, selfSignup: false });

    const afterHours = await tdb.db.withTenant(tenantId, systemActor, (tx) =>
      updateModuleSettings({ tx, tenantId, settings: ownOnly, changes: { reminderHours: 6 } }),
    );
    expect(afterHours).toEqual({ reminderHours: 6, channel: 'sms', quiet: false });
    expect(
      await tdb.db.withTenant(tenantId, systemActor, (tx) =>
        readModuleSettings({ tx, tenantId, settings: inherited }),
      ),
    ).toEqual({ reminderHours: 6, channel: 'sms', quiet: false, selfSignup: false });
  });

  it('a module without a settings row reads its defaults', async () => {
    const analytics = { ...ownOnly, moduleId: 'analytics' as const };
    expect(
      await tdb.db.withTenant(tenantId, systemActor, (tx) =>
        readModuleSettings({ tx, tenantId, settings: analytics }),
      ),
    ).toEqual({ reminderHours: 24, channel: 'email', quiet: false });
  });

  it('a malformed stored value falls back to its default, field by field', () => {
    expect(parseModuleSettings(ReminderSchema, { reminderHours: 'soon', channel: 'sms', stray: 1 })).toEqual({
      reminderHours: 24,
      channel: 'sms',
      quiet: false,
    });
    expect(parseModuleSettings(ReminderSchema, null)).toEqual({
      reminderHours: 24,
      channel: 'email',
      quiet: false,
    });
  });
});
