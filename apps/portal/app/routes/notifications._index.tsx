import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useRevalidator, useSearchParams } from '@remix-run/react';
import { EmptyState } from '../components/empty-state.tsx';
import { Toast } from '../components/toast.tsx';
import { formatDateTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { useLiveEvents } from '../lib/live-events.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('notifications.title');

type Item = {
  id: string;
  title: string;
  body: string;
  url: string | null;
  read: boolean;
  critical: boolean;
  createdAt: string;
};

/**
 * The notification centre: everything the school told me, newest first, unread ones marked, a
 * page of 20 at a time (an "older" link carries the cursor). Marking read is a plain form post, so
 * it works without JavaScript; the badge in the navigation follows on the next page.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await signedInPage(args);
  const cursor = new URL(args.request.url).searchParams.get('cursor');
  const query = new URLSearchParams({ limit: '20', ...(cursor ? { cursor } : {}) });
  const [page, { unread }] = await Promise.all([
    api.get<{ data: Item[]; nextCursor: string | null }>(`/api/v1/notifications?${query}`),
    api.get<{ unread: number }>('/api/v1/notifications/unread-count'),
  ]);
  return { items: page.data, nextCursor: page.nextCursor, unread };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await signedInPage(args);
  const form = await args.request.formData();
  const id = String(form.get('id') ?? '');
  if (form.get('intent') === 'all') {
    await api.post('/api/v1/notifications/read-all');
    return redirect('/notifications?read=all');
  }
  await api.post(`/api/v1/notifications/${encodeURIComponent(id)}/read`);
  // Opening: straight on to what it is about; otherwise back to the list.
  const next = String(form.get('next') ?? '');
  return redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/notifications');
}

export default function Notifications() {
  const { items, nextCursor, unread } = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  const busy = useNavigation().state !== 'idle';
  const [params] = useSearchParams();
  const revalidator = useRevalidator();
  // A new notice (or one read on another device) re-reads the list and the unread badge at once.
  useLiveEvents((event) => {
    if (event.kind.startsWith('notification.') && revalidator.state === 'idle') revalidator.revalidate();
  });
  return (
    <>
      <h1>{t('notifications.title')}</h1>
      <p>
        <strong data-testid="unread">{t('notifications.unread', { count: unread })}</strong> ·{' '}
        <Link to="/notifications/preferences">{t('notifications.preferencesLink')}</Link>
      </p>
      {params.get('read') === 'all' ? <Toast>{t('notifications.allRead')}</Toast> : null}
      {unread > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="all" />
          <button type="submit" disabled={busy}>
            {t('notifications.markAllRead')}
          </button>
        </Form>
      ) : null}
      {items.length === 0 ? (
        <EmptyState title={t('notifications.none')} next={t('empty.notifications.next')} />
      ) : (
        <ul className="notifications" aria-label={t('notifications.title')}>
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'card read' : 'card unread'} data-testid="notification">
              <h2 className="notification-title">
                {n.read ? null : <span className="badge">{t('notifications.new')}</span>} {n.title}
              </h2>
              <p>{n.body}</p>
              <p className="hint">
                <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, locale, zone)}</time>
              </p>
              <div className="actions wrap">
                {n.url ? (
                  <Form method="post">
                    <input type="hidden" name="id" value={n.id} />
                    <input type="hidden" name="next" value={n.url} />
                    <button
                      type="submit"
                      className="link"
                      disabled={busy}
                      aria-label={`${t('notifications.open')}: ${n.title}`}
                    >
                      {t('notifications.open')}
                    </button>
                  </Form>
                ) : null}
                {n.read ? null : (
                  <Form method="post">
                    <input type="hidden" name="id" value={n.id} />
                    <button
                      type="submit"
                      disabled={busy}
                      aria-label={`${t('notifications.markRead')}: ${n.title}`}
                    >
                      {t('notifications.markRead')}
                    </button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <p>
          <Link to={`/notifications?cursor=${encodeURIComponent(nextCursor)}`}>
            {t('notifications.more')}
          </Link>
        </p>
      ) : null}
    </>
  );
}
