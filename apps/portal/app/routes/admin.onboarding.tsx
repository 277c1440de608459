import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { staffPage } from '../lib/page.server.ts';

/** Puts the completed setup checklist away (the API refuses while a step is open), back to the dashboard. */
export async function action(args: ActionFunctionArgs) {
  const { api } = await staffPage(args);
  await api.post('/api/v1/school/onboarding/dismiss');
  return redirect('/admin');
}

export const loader = () => redirect('/admin');
