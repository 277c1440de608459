import type { Tx } from '@dualcontrol/db';
import type { OnboardingFacts } from '@dualcontrol/platform';
import { eq, sql } from 'drizzle-orm';
import { lessonPackages, paymentAccounts } from '../schema.ts';

/**
 * Payments' step of the setup checklist: the school can take money ahead of lessons, either by
 * card (its Stripe account is connected) or by selling lesson packages. Manual payments need no
 * setting up, so on their own they do not tick it.
 */
export async function paymentsOnboarding(tx: Tx): Promise<OnboardingFacts> {
  const any = sql<boolean>`count(*) > 0`;
  const [account] = await tx.select({ any }).from(paymentAccounts);
  const [packages] = await tx.select({ any }).from(lessonPackages).where(eq(lessonPackages.active, true));
  return { payments: Boolean(account?.any || packages?.any) };
}
