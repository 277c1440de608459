import type { ApiClient } from './api.server.ts';

export type Onboarding = {
  steps: { id: string; done: boolean; path: string }[];
  done: number;
  total: number;
  complete: boolean;
  dismissedAt: string | null;
};

/** The setup checklist while the owner still has it out; null once put away (or if it cannot be read). */
export async function loadOnboarding(api: ApiClient): Promise<Onboarding | null> {
  const checklist = await api.get<Onboarding>('/api/v1/school/onboarding').catch(() => null);
  return checklist && !checklist.dismissedAt ? checklist : null;
}
