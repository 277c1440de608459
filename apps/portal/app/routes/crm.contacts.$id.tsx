import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { ModuleOff } from '../components/module-off.tsx';
import { Toast } from '../components/toast.tsx';
import type { CrmTimeline } from '../lib/crm.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && !data.off ? data.title : 'Contact' },
];

/** A contact with its timeline: interactions (logged and automatic), notes and tasks, newest first. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api, t } = await staffPage(args);
  if (!school.modules.includes('crm')) return { off: true as const };
  const id = encodeURIComponent(args.params.id ?? '');
  const [timeline, stages] = [
    await api.get<CrmTimeline>(`/api/v1/crm/contacts/${id}`),
    await api.get<{ data: { key: string; label: string }[] }>('/api/v1/crm/stages'),
  ];
  return {
    off: false as const,
    title: t('crm.contact.title', { name: timeline.contact.name }),
    timeline,
    stages: stages.data,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await staffPage(args);
  const id = encodeURIComponent(args.params.id ?? '');
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  if (form.intent === 'note' && form.body?.trim()) {
    await api.post(`/api/v1/crm/contacts/${id}/notes`, { body: form.body.trim() });
    return redirect(`/crm/contacts/${id}?noted=1`);
  }
  if (form.intent === 'done' && form.task) {
    await api.post(`/api/v1/crm/tasks/${encodeURIComponent(form.task)}/complete`);
    return redirect(`/crm/contacts/${id}?done=1`);
  }
  return redirect(`/crm/contacts/${id}`);
}

type Entry = { key: string; at: string; kind: string; text: string; extra?: string; taskId?: string };

export default function ContactPage() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { locale, zone } = useRoot();
  const t = translator(locale);
  if (data.off) return <ModuleOff title={t('crm.board.title')} reason={t('crm.off')} />;
  const { timeline, stages, title } = data;
  const c = timeline.contact;
  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(
      new Date(iso),
    );
  const entries: Entry[] = [
    ...timeline.interactions.map((i) => ({
      key: `i-${i.id}`,
      at: i.occurredAt,
      kind: i.kind,
      text: i.summary,
      ...(i.automatic ? { extra: t('crm.contact.automatic') } : {}),
    })),
    ...timeline.notes.map((n) => ({
      key: `n-${n.id}`,
      at: n.createdAt,
      kind: t('crm.contact.note'),
      text: n.body,
    })),
    ...timeline.tasks.map((k) => ({
      key: `t-${k.id}`,
      at: k.createdAt,
      kind: t('crm.contact.task', { due: k.dueOn, status: k.status }),
      text: k.title,
      ...(k.status === 'open' ? { taskId: k.id } : {}),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const stageLabel = stages.find((s) => s.key === c.stage)?.label ?? c.stage;
  const facts: [string, string | null][] = [
    [t('crm.contact.stage'), c.lostReason ? `${stageLabel} (${c.lostReason})` : stageLabel],
    [t('crm.contact.email'), c.email],
    [t('crm.contact.phone'), c.phone],
    [t('crm.contact.postcode'), c.postcode],
    [t('crm.contact.gearbox'), c.transmission],
    [t('crm.contact.availability'), c.availability],
    [t('crm.contact.source'), c.source],
  ];
  return (
    <>
      <p>
        <Link to="/crm">{t('crm.contact.back')}</Link>
      </p>
      <h1>{title}</h1>
      {params.get('noted') ? <Toast>{t('crm.contact.noteAdded')}</Toast> : null}
      {params.get('done') ? <Toast>{t('crm.tasks.completed')}</Toast> : null}
      <section className="card" aria-labelledby="details">
        <h2 id="details">{t('crm.contact.details')}</h2>
        <dl className="facts">
          {facts
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="add-note">
        <h2 id="add-note">{t('crm.contact.addNote')}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="note" />
          <label htmlFor="note-body">{t('crm.contact.note')}</label>
          <textarea id="note-body" name="body" required maxLength={5000} rows={3} />
          <button type="submit">{t('crm.contact.addNote')}</button>
        </Form>
      </section>
      <section className="card" aria-labelledby="timeline">
        <h2 id="timeline">{t('crm.contact.timeline')}</h2>
        {entries.length === 0 ? <p>{t('crm.contact.noTimeline')}</p> : null}
        <ol className="crm-timeline" data-testid="crm-timeline">
          {entries.map((e) => (
            <li key={e.key} data-testid="crm-timeline-entry">
              <p className="hint">
                <time dateTime={e.at}>{when(e.at)}</time> · {e.kind}
                {e.extra ? ` · ${e.extra}` : null}
              </p>
              <p>{e.text}</p>
              {e.taskId ? (
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="done" />
                  <input type="hidden" name="task" value={e.taskId} />
                  <button type="submit" aria-label={t('crm.tasks.complete', { title: e.text })}>
                    {t('crm.tasks.done')}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
