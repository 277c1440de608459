import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Link, NavLink, Outlet, useLoaderData, useLocation, useRevalidator } from '@remix-run/react';
import { EmptyState } from '../components/empty-state.tsx';
import { formatTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { useLiveEvents } from '../lib/live-events.ts';
import styles from '../lib/messages.css?url';
import { messagingPage } from '../lib/messaging.server.ts';
import type { ThreadSummary } from '../lib/messaging.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('msg.title');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

/** The inbox: the person's conversations, newest activity first, with unread counts. */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await messagingPage(args);
  const threads = await api.get<{ data: ThreadSummary[] }>('/api/v1/messaging/threads?limit=50');
  return { threads: threads.data };
}

export default function Messages() {
  const { threads } = useLoaderData<typeof loader>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  const open = useLocation().pathname.replace(/\/$/, '') !== '/messages';
  const revalidator = useRevalidator();
  // Anything new anywhere refreshes the list (and the open conversation, whose loader runs too).
  useLiveEvents(() => {
    if (revalidator.state === 'idle') revalidator.revalidate();
  });
  const titleOf = (th: ThreadSummary) => th.subject;
  return (
    <>
      <h1>{t('msg.title')}</h1>
      <div className="inbox" data-open={open ? 'true' : 'false'}>
        <section className="inbox-list" aria-labelledby="inbox-h">
          <h2 id="inbox-h">{t('msg.inbox')}</h2>
          <p>
            <Link to="/messages/new">{t('msg.new')}</Link>
          </p>
          {/* The "New message" link is just above: the empty state points to it rather than repeat it. */}
          {threads.length === 0 ? <EmptyState title={t('msg.none')} next={t('empty.messages.next')} /> : null}
          <ul>
            {threads.map((th) => (
              <li key={th.id} data-testid="thread" data-thread={th.id}>
                <NavLink to={`/messages/${th.id}`} className={th.unread > 0 ? 'unread' : undefined}>
                  <span>{titleOf(th)}</span>{' '}
                  {th.unread > 0 ? (
                    <span className="badge" data-testid="unread">
                      <span className="visually-hidden">{t('msg.unread', { count: th.unread })}</span>
                      <span aria-hidden="true">{th.unread}</span>
                    </span>
                  ) : null}
                  <br />
                  <small>
                    {th.participants.map((p) => p.name).join(', ')}
                    {th.lastMessage ? ` · ${formatTime(th.lastMessage.createdAt, locale, zone)}` : ''}
                  </small>
                  {th.lastMessage ? (
                    <>
                      <br />
                      <small>
                        {th.lastMessage.deleted ? t('msg.deleted') : th.lastMessage.body?.slice(0, 80)}
                      </small>
                    </>
                  ) : null}
                </NavLink>
              </li>
            ))}
          </ul>
        </section>
        <section className="inbox-thread">
          <Outlet />
        </section>
      </div>
    </>
  );
}
