import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { formatMoney } from '../lib/format.ts';
import { staffPage } from '../lib/page.server.ts';
import type { Booking, Page } from '../lib/types.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction = () => [{ title: 'School dashboard' }];

/** The week at a glance for the office: lessons, cancellations, money in this month. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await staffPage(args);
  const now = new Date();
  const weekAhead = new Date(now.getTime() + 7 * 86_400_000).toISOString();
  const monthStart = `${now.toISOString().slice(0, 7)}-01`;
  const today = now.toISOString().slice(0, 10);
  const [week, revenue] = await Promise.all([
    api.get<Page<Booking>>(
      `/api/v1/bookings?from=${encodeURIComponent(now.toISOString())}&to=${encodeURIComponent(weekAhead)}&limit=100`,
    ),
    school.modules.includes('payments')
      ? api.get<{ totalNetMinor: number }>(
          `/api/v1/reports/revenue?from=${monthStart}&to=${today}&period=month`,
        )
      : null,
  ]);
  return {
    lessons: week.data.filter((b) => b.status === 'pending' || b.status === 'confirmed').length,
    cancelled: week.data.filter((b) => b.status === 'cancelled').length,
    revenueMinor: revenue?.totalNetMinor ?? null,
  };
}

export default function Dashboard() {
  const { lessons, cancelled, revenueMinor } = useLoaderData<typeof loader>();
  const { school, locale } = useRoot();
  return (
    <>
      <h1>{school!.name}</h1>
      <div className="grid">
        <section className="card">
          <h2>Lessons in the next 7 days</h2>
          <p className="figure">{lessons}</p>
        </section>
        <section className="card">
          <h2>Cancelled</h2>
          <p className="figure">{cancelled}</p>
        </section>
        {revenueMinor !== null ? (
          <section className="card">
            <h2>Money in this month</h2>
            <p className="figure">{formatMoney(revenueMinor, school!.currency, locale)}</p>
          </section>
        ) : null}
      </div>
      <nav aria-label="School setup" className="card">
        <Link to="/admin/branding">Branding</Link>
        <Link to="/admin/instructors">Instructors</Link>
        <Link to="/admin/students">Students</Link>
        <Link to="/admin/lesson-types">Lesson types and prices</Link>
        <Link to="/admin/locations">Locations</Link>
        <Link to="/admin/vehicles">Vehicles</Link>
        <Link to="/admin/policies">Policies</Link>
        <Link to="/admin/packages">Packages</Link>
        <Link to="/admin/finances">Finances</Link>
        <Link to="/admin/modules">Modules</Link>
      </nav>
    </>
  );
}
