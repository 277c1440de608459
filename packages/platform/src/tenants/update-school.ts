import { type Actor, type Database, type TenantBranding, tenants } from '@dualcontrol/db';
import { eq } from 'drizzle-orm';
import { badRequest } from '../errors/app-error.ts';

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Contrast of white text on the colour (the portal writes white on the brand colour). */
export const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

/**
 * A school's name, colours and whether students may sign up online, as its owner or admins set
 * them. The brand colour carries white text in the portal, so one too light to read (contrast
 * below 4.5:1, WCAG AA) is refused.
 */
export async function updateSchool(
  platformDb: Database,
  actor: Actor,
  tenantId: string,
  input: {
    name?: string | undefined;
    branding?: Partial<TenantBranding> | undefined;
    selfSignup?: boolean | undefined;
  },
) {
  const primary = input.branding?.primaryColor;
  if (primary && contrastWithWhite(primary) < 4.5)
    throw badRequest(
      'tenant.low_contrast',
      'White text on this colour would be hard to read; choose a darker one.',
      [
        {
          path: 'body.branding.primaryColor',
          message: `contrast with white is ${contrastWithWhite(primary).toFixed(2)}:1, at least 4.5:1 is needed`,
        },
      ],
    );
  return platformDb.withActor(actor, async (tx) => {
    const [current] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).for('update');
    const [row] = await tx
      .update(tenants)
      .set({
        ...(input.name ? { name: input.name } : {}),
        ...(input.branding ? { branding: { ...current!.branding, ...input.branding } } : {}),
        ...(input.selfSignup !== undefined
          ? { policies: { ...current!.policies, selfSignup: input.selfSignup } }
          : {}),
      })
      .where(eq(tenants.id, tenantId))
      .returning();
    return row!;
  });
}
