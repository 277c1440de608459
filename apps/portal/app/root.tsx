import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { SchoolLogo } from './components/school-logo.tsx';
import { apiClient } from './lib/api.server.ts';
import { useCspNonce } from './lib/csp-nonce.ts';
import { translator } from './lib/i18n.ts';
import { isOffice, may } from './lib/permissions.ts';
import { loadSchool, schoolSlugOf } from './lib/school.server.ts';
import { readSession } from './lib/session.server.ts';
import { viewerOf } from './lib/viewer.ts';
import styles from './styles.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

/** Used only when a page fails (every page has its own title): the error page is titled too. */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const t = translator(data?.locale ?? 'en-GB');
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return [
    { title: error ? t(notFound ? 'error.notFound' : 'error.title') : (data?.school?.name ?? t('app.name')) },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const slug = schoolSlugOf(request, context.config);
  const school = slug ? await loadSchool(context.config, slug) : null;
  const session = await readSession(request, context.config);
  const signedIn = Boolean(session.get('token'));
  const viewer = school
    ? viewerOf(school, {
        locale: signedIn ? (session.get('locale') ?? null) : null,
        zone: signedIn ? (session.get('zone') ?? null) : null,
      })
    : { locale: 'en-GB', zone: 'UTC' };
  // The notification centre's unread badge (messaging); a failed count only hides the badge.
  const unread =
    signedIn && school && slug && school.modules.includes('messaging')
      ? await apiClient(context.config, slug, session.get('token'))
          .get<{ unread: number }>('/api/v1/notifications/unread-count')
          .then((r) => r.unread)
          .catch(() => null)
      : null;
  return {
    school,
    locale: viewer.locale,
    /** The zone the viewer sees times in (their own, else the school's). */
    zone: viewer.zone,
    me:
      signedIn && school
        ? {
            name: session.get('name') ?? '',
            roles: session.get('roles') ?? [],
            // Only the answer the header needs reaches the browser, not the whole permission list.
            office: isOffice({ permissions: session.get('permissions') ?? [] }),
            // The lessons pages, for who may use them in a school that has the module.
            progress:
              Boolean(session.get('studentId')) &&
              school.modules.includes('lessons') &&
              may({ permissions: session.get('permissions') ?? [] }, 'lessons:progress:read:own'),
            // Their own documents (licence, badge) with expiry warnings: students and instructors.
            documents:
              Boolean(session.get('studentId') || session.get('instructorId')) &&
              school.modules.includes('lessons') &&
              may({ permissions: session.get('permissions') ?? [] }, 'lessons:documents:create:own'),
            // A guardian's pages (their learners), where the school has lessons.
            guardian: (session.get('roles') ?? []).includes('guardian') && school.modules.includes('lessons'),
            unread,
            // Conversations, for students, instructors and the office where the school has messaging.
            messages:
              school.modules.includes('messaging') &&
              may({ permissions: session.get('permissions') ?? [] }, 'messaging:threads:use'),
            records:
              Boolean(session.get('instructorId')) &&
              school.modules.includes('lessons') &&
              may({ permissions: session.get('permissions') ?? [] }, 'lessons:lesson:record:own'),
          }
        : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;
export const useRoot = () => useRouteLoaderData<typeof loader>('root') as RootData;

/** The school's colours as CSS variables; the platform's own when no school. */
function theme(school: RootData['school']) {
  const primary = school?.branding.primaryColor ?? '#1e3a8a';
  const accent = school?.branding.accentColor ?? '#b45309';
  return `:root{--brand:${primary};--accent:${accent}}`;
}

// Inline, not in the bundle: it must run on a page served from the offline cache too. Signing out
// tells the service worker to drop its copies of this person's pages (public/sw.js), for browsers
// that ignore the sign-out answer's Clear-Site-Data.
const OFFLINE_SCRIPT = `if('serviceWorker' in navigator)navigator.serviceWorker.register('/sw.js');
function dcNet(){var b=document.getElementById('offline');if(b)b.hidden=navigator.onLine}
addEventListener('online',dcNet);addEventListener('offline',dcNet);dcNet();
document.addEventListener('submit',function(e){var w=navigator.serviceWorker&&navigator.serviceWorker.controller;
if(w&&e.target.getAttribute('action')==='/sign-out')w.postMessage({type:'signed-out'})});`;

function Header({ data }: { data: RootData }) {
  const t = translator(data.locale);
  const roles = data.me?.roles ?? [];
  return (
    <header className="top">
      <Link to="/" className="brand">
        {data.school ? <SchoolLogo school={data.school} /> : null}
        <span>{data.school?.name ?? t('app.name')}</span>
      </Link>
      {data.me ? (
        <nav aria-label={t('nav.main')}>
          <Link to="/home">{t('nav.home')}</Link>
          {data.me.messages ? <Link to="/messages">{t('nav.messages')}</Link> : null}
          {roles.includes('student') ? <Link to="/book">{t('nav.book')}</Link> : null}
          {roles.includes('student') ? <Link to="/bookings">{t('nav.bookings')}</Link> : null}
          {roles.includes('student') ? <Link to="/packages">{t('nav.packages')}</Link> : null}
          {roles.includes('student') ? <Link to="/invoices">{t('nav.invoices')}</Link> : null}
          {data.me.progress ? <Link to="/progress">{t('nav.progress')}</Link> : null}
          {data.me.documents ? <Link to="/documents">{t('nav.documents')}</Link> : null}
          {data.me.progress ? <Link to="/logbook">{t('nav.logbook')}</Link> : null}
          {data.me.guardian ? <Link to="/guardian">{t('nav.learners')}</Link> : null}
          {roles.includes('instructor') ? <Link to="/diary">{t('nav.diary')}</Link> : null}
          {roles.includes('instructor') ? <Link to="/availability">{t('nav.hours')}</Link> : null}
          {roles.includes('instructor') ? <Link to="/students">{t('nav.students')}</Link> : null}
          {data.me.records ? <Link to="/lessons">{t('nav.lessons')}</Link> : null}
          {roles.includes('instructor') ? <Link to="/vehicles">{t('nav.vehicles')}</Link> : null}
          {roles.includes('instructor') ? <Link to="/earnings">{t('nav.earnings')}</Link> : null}
          {data.me.office ? <Link to="/admin">{t('nav.admin')}</Link> : null}
          {data.me.unread !== null ? (
            <Link to="/notifications">
              {t('nav.notifications')}
              {data.me.unread > 0 ? (
                <>
                  {' '}
                  <span className="badge" data-testid="unread-badge">
                    {data.me.unread}
                  </span>
                  <span className="visually-hidden"> ({t('nav.unread', { count: data.me.unread })})</span>
                </>
              ) : null}
            </Link>
          ) : null}
          <Link to="/profile">{t('nav.profile')}</Link>
          <form method="post" action="/sign-out">
            <button type="submit" className="link">
              {t('nav.signOut')}
            </button>
          </form>
        </nav>
      ) : data.school ? (
        <nav aria-label={t('nav.main')}>
          <Link to="/sign-in">{t('nav.signIn')}</Link>
        </nav>
      ) : null}
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  // Every inline script and style carries this page's nonce, or the CSP (entry.server.tsx) blocks it.
  const nonce = useCspNonce();
  return (
    <html lang={data?.locale ?? 'en-GB'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content={data?.school?.branding.primaryColor ?? '#1e3a8a'} />
        <link rel="icon" href="/icons/icon-192.png" type="image/png" />
        {data?.school ? <link rel="manifest" href="/manifest.webmanifest" /> : null}
        <Meta />
        <Links />
        <style nonce={nonce}>{theme(data?.school ?? null)}</style>
      </head>
      <body>
        {data ? <Header data={data} /> : null}
        <main id="main">{children}</main>
        {data?.school ? <script nonce={nonce} dangerouslySetInnerHTML={{ __html: OFFLINE_SCRIPT }} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>('root');
  const t = translator(data?.locale ?? 'en-GB');
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const suspended = isRouteErrorResponse(error) && error.status === 403 && error.data === 'suspended';
  return (
    <section className="card">
      <h1>{suspended ? t('error.suspended') : notFound ? t('error.notFound') : t('error.title')}</h1>
      <p>
        <Link to="/">{t('nav.home')}</Link>
      </p>
    </section>
  );
}
