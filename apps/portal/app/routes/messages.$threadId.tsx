import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { FormProblemAlert } from '../components/form-problem-alert.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { formatTime } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { useLiveEvents } from '../lib/live-events.ts';
import {
  type MessageReport,
  messageOutboxUsable,
  type QueuedMessage,
  queuedFor,
  queueMessage,
  requestMessageReplay,
} from '../lib/message-outbox.ts';
import { messagingPage } from '../lib/messaging.server.ts';
import { type MessageItem, newClientId, ownerOfMessages, type ThreadDetail } from '../lib/messaging.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('msg.title');

/**
 * One conversation, oldest message at the top. Opening it marks it read (the sender's page then
 * says "Read 10:42"). Sending is a plain form post (works without JavaScript); with JavaScript
 * and no connection, the message is kept on the phone and sent by Background Sync.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { api, me } = await messagingPage(args);
  const id = encodeURIComponent(args.params.threadId ?? '');
  const [thread, messages] = await Promise.all([
    api.get<ThreadDetail>(`/api/v1/messaging/threads/${id}`),
    api.get<{ data: MessageItem[]; nextCursor: string | null }>(
      `/api/v1/messaging/threads/${id}/messages?limit=50`,
    ),
  ]);
  if (thread.participant && messages.data.length > 0)
    await api.post(`/api/v1/messaging/threads/${id}/read`, { messageId: messages.data[0]!.id });
  return {
    thread,
    messages: [...messages.data].reverse(),
    older: messages.nextCursor !== null,
    clientId: newClientId(),
    owner: ownerOfMessages(me),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api, t } = await messagingPage(args);
  const id = encodeURIComponent(args.params.threadId ?? '');
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  if (form.intent === 'mute' || form.intent === 'unmute') {
    await api.put(`/api/v1/messaging/threads/${id}/mute`, { muted: form.intent === 'mute' });
    return redirect(`/messages/${id}`);
  }
  const values = { body: form.body ?? '' };
  try {
    await api.post(`/api/v1/messaging/threads/${id}/messages`, {
      body: values.body,
      ...(form.clientId ? { clientId: form.clientId } : {}),
    });
    return redirect(`/messages/${id}`);
  } catch (error) {
    return { problem: formProblem(error, values, t), values };
  }
}

export default function Thread() {
  const { thread, messages, older, clientId, owner } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  const revalidator = useRevalidator();
  const [queued, setQueued] = useState<QueuedMessage[]>([]);
  const [nextClientId, setNextClientId] = useState(clientId);
  useEffect(() => setNextClientId(clientId), [clientId]);

  const reloadQueued = useCallback(() => {
    if (messageOutboxUsable()) queuedFor(owner, thread.id).then(setQueued, () => undefined);
  }, [owner, thread.id]);
  useEffect(reloadQueued, [reloadQueued]);
  // The worker says what became of a queued message: sent ones now come from the API.
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const onMessage = (event: MessageEvent<MessageReport>) => {
      if (event.data?.type !== 'message' || event.data.threadId !== thread.id) return;
      reloadQueued();
      if (event.data.status === 'sent') revalidator.revalidate();
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    return () => navigator.serviceWorker.removeEventListener('message', onMessage);
  }, [thread.id, reloadQueued, revalidator]);
  // Where Background Sync is missing or slow to fire, the connection coming back sends the queue.
  useEffect(() => {
    const online = () => {
      if (messageOutboxUsable()) requestMessageReplay().catch(() => undefined);
    };
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);
  // The layout's live listener revalidates every loader on the page, this one included.
  useLiveEvents(() => undefined);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (navigator.onLine || !messageOutboxUsable()) return; // the form posts as usual
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('body') ?? '');
    if (!body.trim()) return;
    await queueMessage({
      clientId: nextClientId,
      threadId: thread.id,
      owner,
      body,
      savedAt: Date.now(),
      status: 'pending',
    });
    await requestMessageReplay();
    form.reset();
    setNextClientId(newClientId());
    reloadQueued();
  }

  const names = (readBy: MessageItem['readBy']) => readBy.map((r) => r.name).join(', ');
  const receipt = (m: MessageItem) => {
    if (!m.mine) return null;
    if (m.readBy.length === 0) return t('msg.sent');
    if (thread.kind === 'group') return t('msg.readBy', { names: names(m.readBy) });
    const at = m.readBy[0]!.readAt;
    return at
      ? t('msg.read', { time: formatTime(at, locale, zone) })
      : t('msg.readBy', { names: names(m.readBy) });
  };
  return (
    <section aria-labelledby="thread-h">
      <p>
        <Link to="/messages">{t('msg.back')}</Link>
      </p>
      <h2 id="thread-h">{thread.subject}</h2>
      <p>{t('msg.with', { names: thread.participants.map((p) => p.name).join(', ') })}</p>
      {older ? <p>{t('msg.older')}…</p> : null}
      <ol className="thread-messages" aria-label={t('msg.title')} data-testid="messages">
        {messages.map((m) => (
          <li
            key={m.id}
            className={m.mine ? 'bubble mine' : 'bubble'}
            data-testid="message"
            data-message={m.id}
          >
            <span className="meta">
              {m.mine ? t('msg.you') : m.senderName} · {formatTime(m.createdAt, locale, zone)}
              {m.editedAt ? ` · ${t('msg.edited')}` : ''}
            </span>
            {m.deleted ? <em>{t('msg.deleted')}</em> : m.body}
            {m.attachments.map((a) => (
              <span key={a.id} className="meta">
                <a href={a.url} rel="noreferrer">
                  {a.originalName ?? a.contentType}
                </a>
              </span>
            ))}
            {m.mine ? (
              <span className="meta" data-testid="receipt">
                {receipt(m)}
              </span>
            ) : null}
          </li>
        ))}
        {queued.map((q) => (
          <li key={q.clientId} className="bubble mine" data-testid="queued">
            {q.body}
            <span className="meta" role="status">
              {q.status === 'failed' ? t('msg.queuedFailed', { detail: q.detail ?? '' }) : t('msg.queued')}
            </span>
          </li>
        ))}
      </ol>
      {thread.participant ? (
        <>
          {result?.problem ? <FormProblemAlert problem={result.problem} fieldsShown={[]} /> : null}
          <Form method="post" className="compose" onSubmit={onSubmit}>
            <input type="hidden" name="clientId" value={nextClientId} />
            <label htmlFor="body">{t('msg.compose')}</label>
            <textarea
              id="body"
              name="body"
              required
              maxLength={4000}
              defaultValue={result?.values.body ?? ''}
              key={nextClientId}
              aria-invalid={result?.problem.fields.body ? true : undefined}
            />
            <button type="submit">{t('msg.send')}</button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value={thread.muted ? 'unmute' : 'mute'} />
            <button type="submit" className="secondary">
              {thread.muted ? t('msg.unmute') : t('msg.mute')}
            </button>
          </Form>
        </>
      ) : (
        <p>{t('msg.readOnly')}</p>
      )}
    </section>
  );
}
