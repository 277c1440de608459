import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { type Bar, BarChart } from '../components/bar-chart.tsx';
import { OnboardingChecklist } from '../components/onboarding-checklist.tsx';
import { TrendFigure } from '../components/trend-figure.tsx';
import { officeTrends } from '../lib/dashboard-trends.server.ts';
import { addDays, dateIn, formatMoney } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { loadOnboarding } from '../lib/onboarding.server.ts';
import { staffPage } from '../lib/page.server.ts';
import type { Booking, Page } from '../lib/types.ts';
import { vehicleWarnings } from '../lib/vehicle-status.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

type Figures = { availableMinutes: number; bookedMinutes: number; lessons: number };
type Utilisation = {
  instructors: (Figures & { instructorId: string; name: string; utilisation: number | null })[];
  days: (Figures & { date: string })[];
  total: Figures & { utilisation: number | null };
};
type Revenue = { periods: { period: string; netMinor: number }[]; totalNetMinor: number };
type Vehicle = { motExpiresOn: string | null; insuranceExpiresOn: string | null; status: string };

const WEEKS_OF_REVENUE = 8;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every cancelled booking starting in [from, to), page after page (a week rarely has more than one page). */
async function cancelledBetween(api: Awaited<ReturnType<typeof staffPage>>['api'], from: string, to: string) {
  const found: Booking[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Booking> = await api.get<Page<Booking>>(
      `/api/v1/bookings?status=cancelled&limit=100&from=${from}&to=${to}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    found.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor && found.length < 1000);
  return found;
}

/**
 * This week (Monday to Sunday, the school's calendar; `?week=<any day>` shows another) at a glance: lessons and cancellations per
 * day, how full the instructors' hours are, money in over the last weeks, and cars that need
 * papers renewed. The API calls run side by side; a module that is off just leaves its part out.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api, t } = await staffPage(args);
  const today = dateIn(new Date(), school.timezone);
  const asked = new URL(args.request.url).searchParams.get('week') ?? '';
  const day = DATE.test(asked) && !Number.isNaN(Date.parse(asked)) ? asked : today;
  const monday = addDays(day, -((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7));
  const sunday = addDays(monday, 6);
  const scheduling = school.modules.includes('scheduling');
  const [onboarding, utilisation, cancelled, revenue, vehicles, trends] = await Promise.all([
    loadOnboarding(api),
    scheduling ? api.get<Utilisation>(`/api/v1/reports/utilisation?from=${monday}&to=${sunday}`) : null,
    // A day either side in UTC covers every zone; the days are then read in the school's zone.
    scheduling
      ? cancelledBetween(api, `${addDays(monday, -1)}T00:00:00Z`, `${addDays(monday, 8)}T00:00:00Z`)
      : null,
    school.modules.includes('payments')
      ? api.get<Revenue>(
          `/api/v1/reports/revenue?from=${addDays(monday, -7 * (WEEKS_OF_REVENUE - 1))}&to=${sunday}&period=week`,
        )
      : null,
    scheduling ? api.get<{ data: Vehicle[] }>('/api/v1/vehicles') : null,
    // The last 30 days against the 30 before (analytics read models, scheduling's utilisation).
    officeTrends(api, school.modules, today),
  ]);
  const week = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const cancelledDays = cancelled?.map((b) => dateIn(new Date(b.start), school.timezone)) ?? [];
  return {
    title: t('admin.dash.title'),
    onboarding,
    trends,
    monday,
    week: week.map((date) => ({
      date,
      lessons: utilisation?.days.find((d) => d.date === date)?.lessons ?? 0,
      cancelled: cancelledDays.filter((d) => d === date).length,
    })),
    utilisation: utilisation ? { instructors: utilisation.instructors, total: utilisation.total } : null,
    revenue: revenue
      ? Array.from({ length: WEEKS_OF_REVENUE }, (_, i) => {
          const start = addDays(monday, -7 * (WEEKS_OF_REVENUE - 1 - i));
          return { start, netMinor: revenue.periods.find((p) => p.period === start)?.netMinor ?? 0 };
        })
      : null,
    vehicleWarnings: vehicles
      ? vehicles.data.filter((v) => v.status !== 'retired' && vehicleWarnings(v, today).length > 0).length
      : null,
  };
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { school, locale } = useRoot();
  const t = translator(locale);
  const dayName = (date: string) =>
    new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(
      new Date(`${date}T12:00:00Z`),
    );
  const shortDate = (date: string) =>
    new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
      new Date(`${date}T12:00:00Z`),
    );
  const percent = (ratio: number | null) =>
    ratio === null
      ? t('admin.dash.noHours')
      : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
  const hours = (minutes: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(minutes / 60);
  const lessons = data.week.reduce((s, d) => s + d.lessons, 0);
  const cancelled = data.week.reduce((s, d) => s + d.cancelled, 0);
  const utilisationBars = (u: NonNullable<typeof data.utilisation>): Bar[] =>
    [...u.instructors, { name: t('admin.dash.allInstructors'), ...u.total }].map((r) => ({
      label: r.name,
      value: r.utilisation ?? 0,
      short: percent(r.utilisation),
      text: t('admin.dash.utilisationRow', {
        percent: percent(r.utilisation),
        booked: hours(r.bookedMinutes),
        available: hours(r.availableMinutes),
      }),
    }));
  return (
    <>
      <h1>{school!.name}</h1>
      {data.onboarding ? <OnboardingChecklist checklist={data.onboarding} t={t} /> : null}
      <section aria-labelledby="trends-h" className="trends">
        <h2 id="trends-h">{t('dash.trends', { days: data.trends.days })}</h2>
        <div className="grid">
          {data.trends.lessons ? (
            <TrendFigure
              id="trend-lessons"
              testId="trend-lessons"
              title={t('dash.trend.lessons')}
              trend={data.trends.lessons}
              format={String}
              t={t}
              days={data.trends.days}
            />
          ) : null}
          {data.trends.cancellations ? (
            <TrendFigure
              id="trend-cancellations"
              testId="trend-cancellations"
              title={t('dash.trend.cancellations')}
              trend={data.trends.cancellations}
              format={String}
              t={t}
              days={data.trends.days}
              fewerIsBetter
            />
          ) : null}
          {data.trends.revenueMinor ? (
            <TrendFigure
              id="trend-revenue"
              testId="trend-revenue"
              title={t('dash.trend.revenue')}
              trend={data.trends.revenueMinor}
              format={(minor) => formatMoney(minor, school!.currency, locale)}
              t={t}
              days={data.trends.days}
            />
          ) : null}
          {data.trends.bookedPercent ? (
            <TrendFigure
              id="trend-booked"
              testId="trend-booked"
              title={t('dash.trend.booked')}
              trend={data.trends.bookedPercent}
              format={(p) => `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(p)} %`}
              t={t}
              days={data.trends.days}
            />
          ) : null}
        </div>
      </section>
      <nav aria-label={t('admin.dash.weekNav')} className="week">
        <Link to={`?week=${addDays(data.monday, -7)}`}>{t('admin.dash.previousWeek')}</Link>
        <span>{t('admin.dash.weekOf', { date: shortDate(data.monday) })}</span>
        <Link to={`?week=${addDays(data.monday, 7)}`}>{t('admin.dash.nextWeek')}</Link>
      </nav>
      <div className="grid" data-testid="week-figures">
        <section className="card" aria-labelledby="lessons-figure">
          <h2 id="lessons-figure">{t('admin.dash.lessonsThisWeek')}</h2>
          <p className="figure">{lessons}</p>
        </section>
        <section className="card" aria-labelledby="cancelled-figure">
          <h2 id="cancelled-figure">{t('admin.dash.cancelledThisWeek')}</h2>
          <p className="figure">{cancelled}</p>
        </section>
        {data.utilisation ? (
          <section className="card" aria-labelledby="utilisation-figure">
            <h2 id="utilisation-figure">{t('admin.dash.utilisationThisWeek')}</h2>
            <p className="figure">{percent(data.utilisation.total.utilisation)}</p>
          </section>
        ) : null}
        {data.vehicleWarnings !== null ? (
          <section className="card" aria-labelledby="vehicles-figure">
            <h2 id="vehicles-figure">{t('admin.dash.vehicleWarnings')}</h2>
            <p className="figure" data-testid="vehicle-warning-count">
              {data.vehicleWarnings}
            </p>
            <Link to="/admin/vehicles">
              {data.vehicleWarnings
                ? t('admin.dash.vehicleWarningsLink', { count: data.vehicleWarnings })
                : t('admin.dash.vehiclesLink')}
            </Link>
          </section>
        ) : null}
      </div>
      <section className="card" aria-labelledby="lessons-chart">
        <h2 id="lessons-chart">{t('admin.dash.lessonsChart')}</h2>
        <BarChart
          title={t('admin.dash.lessonsChart')}
          labelHeader={t('admin.dash.day')}
          valueHeader={t('admin.dash.lessons')}
          bars={data.week.map((d) => ({ label: dayName(d.date), value: d.lessons, text: String(d.lessons) }))}
        />
      </section>
      <section className="card" aria-labelledby="cancelled-chart">
        <h2 id="cancelled-chart">{t('admin.dash.cancelledChart')}</h2>
        <BarChart
          title={t('admin.dash.cancelledChart')}
          labelHeader={t('admin.dash.day')}
          valueHeader={t('admin.dash.cancellations')}
          bars={data.week.map((d) => ({
            label: dayName(d.date),
            value: d.cancelled,
            text: String(d.cancelled),
          }))}
        />
      </section>
      {data.utilisation ? (
        <section className="card" aria-labelledby="utilisation-chart">
          <h2 id="utilisation-chart">{t('admin.dash.utilisationChart')}</h2>
          <p className="hint">{t('admin.dash.utilisationHint')}</p>
          <BarChart
            title={t('admin.dash.utilisationChart')}
            labelHeader={t('admin.dash.instructor')}
            valueHeader={t('admin.dash.utilisation')}
            bars={utilisationBars(data.utilisation)}
          />
        </section>
      ) : null}
      {data.revenue ? (
        <section className="card" aria-labelledby="revenue-chart">
          <h2 id="revenue-chart">{t('admin.dash.revenueChart')}</h2>
          <BarChart
            title={t('admin.dash.revenueChart')}
            labelHeader={t('admin.dash.weekStarting')}
            valueHeader={t('admin.dash.moneyIn')}
            bars={data.revenue.map((w) => ({
              label: shortDate(w.start),
              value: w.netMinor,
              text: formatMoney(w.netMinor, school!.currency, locale),
            }))}
          />
        </section>
      ) : null}
      {/* The school's settings; the pages the main navigation carries (bookings, people, finances, reports) are not repeated. */}
      <nav aria-label={t('admin.dash.setupNav')} className="card">
        <Link to="/admin/branding">{t('admin.dash.link.branding')}</Link>
        <Link to="/admin/lesson-types">{t('admin.dash.link.lessonTypes')}</Link>
        <Link to="/admin/locations">{t('admin.dash.link.locations')}</Link>
        <Link to="/admin/vehicles">{t('admin.dash.link.vehicles')}</Link>
        <Link to="/admin/policies">{t('admin.dash.link.policies')}</Link>
        <Link to="/admin/packages">{t('admin.dash.link.packages')}</Link>
        {school!.modules.includes('lessons') ? (
          <>
            <Link to="/admin/syllabus">{t('admin.dash.link.syllabus')}</Link>
            <Link to="/admin/documents">{t('admin.dash.link.documents')}</Link>
          </>
        ) : null}
        {school!.modules.includes('crm') ? (
          <>
            <Link to="/crm">{t('crm.board.title')}</Link>
            <Link to="/crm/tasks">{t('crm.tasks.title')}</Link>
          </>
        ) : null}
        <Link to="/admin/modules">{t('admin.dash.link.modules')}</Link>
      </nav>
    </>
  );
}
