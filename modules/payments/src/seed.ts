import { type Tx, tenants } from '@dualcontrol/db';
import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { lessonPackages } from './schema.ts';

const SeedSchema = z.strictObject({
  packages: z.array(
    z.strictObject({
      name: z.string(),
      description: z.string().optional(),
      priceMinor: z.number().int().positive(),
      creditMinor: z.number().int().positive(),
      validityDays: z.number().int().positive().optional(),
    }),
  ),
});

/** Demo packages from `tenants/<slug>/payments.json`, in the school's currency; applying twice changes nothing. */
export async function seedPayments({ tx, tenantId, data }: { tx: Tx; tenantId: string; data: unknown }) {
  const seed = SeedSchema.parse(data);
  const [tenant] = await tx
    .select({ currency: tenants.currency })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  for (const p of seed.packages) {
    await tx
      .insert(lessonPackages)
      .values({ tenantId, currency: tenant!.currency, ...p })
      .onConflictDoNothing();
  }
}
