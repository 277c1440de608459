import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { SchoolLogo } from './components/school-logo.tsx';
import { apiClient } from './lib/api.server.ts';
import { brandCss } from './lib/brand-colours.ts';
import { useCspNonce } from './lib/csp-nonce.ts';
import { translator } from './lib/i18n.ts';
import { currentItem, type NavItem, navigationFor, OPERATOR_NAVIGATION } from './lib/navigation.ts';
import { may } from './lib/permissions.ts';
import { loadSchool, schoolSlugOf } from './lib/school.server.ts';
import { operatorStorage, readSession } from './lib/session.server.ts';
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
  const permissions: string[] = session.get('permissions') ?? [];
  // The operator's own pages live on the platform's host, under their own cookie.
  const operator =
    !school &&
    Boolean((await operatorStorage(context.config).getSession(request.headers.get('cookie'))).get('token'));
  return {
    school,
    locale: viewer.locale,
    /** The zone the viewer sees times in (their own, else the school's). */
    zone: viewer.zone,
    /** The header's links: only the answer reaches the browser, not the permission list. */
    nav: operator
      ? OPERATOR_NAVIGATION
      : signedIn && school
        ? navigationFor(
            {
              permissions,
              roles: session.get('roles') ?? [],
              studentId: session.get('studentId') ?? null,
              instructorId: session.get('instructorId') ?? null,
            },
            school.modules,
          )
        : [],
    me:
      signedIn && school
        ? {
            name: session.get('name') ?? '',
            roles: session.get('roles') ?? [],
            // The notification centre's badge (null: messaging is off or the count failed).
            unread,
            // Conversations, for students, instructors and the office where the school has messaging.
            messages: school.modules.includes('messaging') && may({ permissions }, 'messaging:threads:use'),
            // The diary links a taught lesson to its record screen for those who record lessons.
            records:
              Boolean(session.get('instructorId')) &&
              school.modules.includes('lessons') &&
              may({ permissions }, 'lessons:lesson:record:own'),
          }
        : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;
export const useRoot = () => useRouteLoaderData<typeof loader>('root') as RootData;

/** The school's colours as CSS tokens with their contrast worked out (lib/brand-colours.ts). */
const theme = (school: RootData['school']) =>
  brandCss(school?.branding.primaryColor, school?.branding.accentColor);

// Inline, not in the bundle: it must run on a page served from the offline cache too. Signing out
// tells the service worker to drop its copies of this person's pages (public/sw.js), for browsers
// that ignore the sign-out answer's Clear-Site-Data.
const OFFLINE_SCRIPT = `if('serviceWorker' in navigator)navigator.serviceWorker.register('/sw.js');
function dcNet(){var b=document.getElementById('offline');if(b)b.hidden=navigator.onLine}
addEventListener('online',dcNet);addEventListener('offline',dcNet);dcNet();
document.addEventListener('submit',function(e){var w=navigator.serviceWorker&&navigator.serviceWorker.controller;
if(w&&e.target.getAttribute('action')==='/sign-out')w.postMessage({type:'signed-out'})});`;

/** One nav link, marked as the current page's (aria-current) when the page belongs to it. */
function NavLinkItem({ item, current, label }: { item: NavItem; current: boolean; label: string }) {
  return (
    <li>
      <Link to={item.to} aria-current={current ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
}

/**
 * The school's name (and logo) and what this person can reach. On a phone the links form one
 * compact row that scrolls sideways (no script needed; the row is a list of real links, each
 * reachable by keyboard); on a wide screen they wrap beside the school's name.
 */
function Header({ data }: { data: RootData }) {
  const t = translator(data.locale);
  const { pathname } = useLocation();
  const current = currentItem(data.nav, pathname);
  const signedIn = Boolean(data.me) || data.nav.length > 0;
  return (
    <header className="top">
      <div className="top-bar">
        <Link to="/" className="brand">
          {data.school ? <SchoolLogo school={data.school} /> : null}
          <span>{data.school?.name ?? t('app.name')}</span>
        </Link>
        {data.me ? (
          <ul className="account" aria-label={t('nav.account')}>
            {data.me.unread !== null ? (
              <li>
                <Link
                  to="/notifications"
                  aria-current={pathname.startsWith('/notifications') ? 'page' : undefined}
                >
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
              </li>
            ) : null}
            <li>
              <Link to="/profile" aria-current={pathname === '/profile' ? 'page' : undefined}>
                {t('nav.profile')}
              </Link>
            </li>
            <li>
              <form method="post" action="/sign-out">
                <button type="submit" className="link">
                  {t('nav.signOut')}
                </button>
              </form>
            </li>
          </ul>
        ) : null}
      </div>
      {signedIn ? (
        <nav aria-label={t('nav.main')} className="main-nav">
          <ul>
            {data.nav.map((item) => (
              <NavLinkItem key={item.to} item={item} current={item === current} label={t(item.label)} />
            ))}
          </ul>
        </nav>
      ) : data.school ? (
        <nav aria-label={t('nav.main')} className="main-nav">
          <ul>
            <li>
              <Link to="/sign-in">{t('nav.signIn')}</Link>
            </li>
          </ul>
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
