import { students, type TenantBranding, type Tx } from '@dualcontrol/db';
import { sql } from 'drizzle-orm';
import { AppError } from '../errors/app-error.ts';
import type { ModuleRegistry } from '../modules/registry.ts';
import { ONBOARDING_STEPS, type OnboardingFacts, type OnboardingStepId } from './onboarding-steps.ts';

export type OnboardingView = {
  steps: { id: OnboardingStepId; done: boolean; path: string }[];
  done: number;
  total: number;
  complete: boolean;
  /** When the owner put the checklist away (null: still shown). */
  dismissedAt: string | null;
};

/** Core's own steps: a logo or colours chosen, and at least one student added or invited. */
async function coreFacts(tx: Tx, branding: TenantBranding): Promise<OnboardingFacts> {
  const [row] = await tx.select({ any: sql<boolean>`count(*) > 0` }).from(students);
  return {
    branding: Boolean(branding.logo || branding.primaryColor),
    students: Boolean(row?.any),
  };
}

/**
 * The checklist as it stands, derived from real state every time (never a stored tick): core's
 * facts plus each enabled module's `onboarding` lookup, read in the caller's tenant transaction.
 */
export async function readOnboarding(
  tx: Tx,
  registry: ModuleRegistry,
  school: { modules: readonly string[]; branding: TenantBranding; onboardingDismissedAt: Date | null },
): Promise<OnboardingView> {
  const facts: OnboardingFacts = await coreFacts(tx, school.branding);
  for (const module of registry.modules) {
    if (!module.onboarding || !school.modules.includes(module.id)) continue;
    const theirs = await module.onboarding(tx);
    // A module answers only for the steps it owns.
    for (const step of ONBOARDING_STEPS)
      if (step.owner === module.id && theirs[step.id] !== undefined) facts[step.id] = theirs[step.id];
  }
  const steps = ONBOARDING_STEPS.filter((s) => s.owner === 'core' || school.modules.includes(s.owner)).map(
    (s) => ({ id: s.id, done: Boolean(facts[s.id]), path: s.path }),
  );
  const done = steps.filter((s) => s.done).length;
  return {
    steps,
    done,
    total: steps.length,
    complete: done === steps.length,
    dismissedAt: school.onboardingDismissedAt?.toISOString() ?? null,
  };
}

export const onboardingIncomplete = (view: OnboardingView) =>
  new AppError('onboarding.incomplete', {
    status: 409,
    title: 'Conflict',
    detail: `The checklist can be put away once every step is done (${view.done} of ${view.total} so far).`,
    extra: { remaining: view.steps.filter((s) => !s.done).map((s) => s.id) },
  });
