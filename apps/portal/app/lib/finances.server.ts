import type { AppLoadContext } from '@remix-run/node';
import { dateIn } from './format.ts';
import { staffPage } from './page.server.ts';

/** Thrown (as a 404 page body) when the school has the payments module off. */
export const PAYMENTS_OFF = 'payments-off';

/** A finances page: staff only, and only while the school has payments on (else the page says so). */
export async function financesPage(args: { request: Request; context: AppLoadContext }) {
  const page = await staffPage(args);
  if (!page.school.modules.includes('payments')) throw new Response(PAYMENTS_OFF, { status: 404 });
  return page;
}

/** Today and the first day of a month `monthsBack` ago, as dates in the school's zone. */
export function monthRange(timeZone: string, monthsBack: number) {
  const today = dateIn(new Date(), timeZone);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 - monthsBack, 1)).toISOString().slice(0, 10);
  return { from: first, to: today };
}
