import type { Tx } from '@dualcontrol/db';
import { z } from '@hono/zod-openapi';
import { installTemplate, schoolTemplate } from './services/syllabus.ts';
import { TEMPLATE_IDS } from './syllabus/index.ts';

const SeedSchema = z.strictObject({
  /** Which syllabus template to install; by default the one for where the school is (templateForSchool). */
  syllabus: z.enum(TEMPLATE_IDS).optional(),
});

/** `tenants/<slug>/lessons.json`: installs the school's syllabus template; applying twice changes nothing. */
export async function seedLessons({ tx, tenantId, data }: { tx: Tx; tenantId: string; data: unknown }) {
  const seed = SeedSchema.parse(data ?? {});
  await installTemplate(tx, tenantId, seed.syllabus ?? (await schoolTemplate(tx, tenantId)));
}
