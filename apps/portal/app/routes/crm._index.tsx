import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react';
import { type DragEvent, useState } from 'react';
import { EmptyState } from '../components/empty-state.tsx';
import { ModuleOff } from '../components/module-off.tsx';
import { Toast } from '../components/toast.tsx';
import { ApiProblem } from '../lib/api.server.ts';
import type { CrmStage } from '../lib/crm.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('crm.board.title');

/** The pipeline board: a column per stage with its contacts. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await staffPage(args);
  if (!school.modules.includes('crm')) return { off: true as const };
  const board = await api.get<{ stages: CrmStage[] }>('/api/v1/crm/pipeline');
  return { off: false as const, stages: board.stages };
}

/** Moves a contact (the stage list's form, or a dropped card): back to the board with what happened. */
export async function action(args: ActionFunctionArgs) {
  const { api } = await staffPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  try {
    await api.post(`/api/v1/crm/contacts/${encodeURIComponent(form.id ?? '')}/stage`, {
      stage: form.stage,
      ...(form.reason?.trim() ? { reason: form.reason.trim() } : {}),
    });
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return redirect(`/crm?problem=${encodeURIComponent(error.detail)}`);
    throw error;
  }
  return redirect(
    `/crm?moved=${encodeURIComponent(form.name ?? '')}&to=${encodeURIComponent(form.stage ?? '')}`,
  );
}

export default function PipelineBoard() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = translator(useRoot().locale);
  const fetcher = useFetcher();
  const [dragging, setDragging] = useState<string | null>(null);
  const title = t('crm.board.title');
  if (data.off) return <ModuleOff title={title} reason={t('crm.off')} />;
  const { stages } = data;
  const labelOf = (key: string) => stages.find((s) => s.key === key)?.label ?? key;
  const moved = params.get('moved');
  const problem = params.get('problem');
  // Drag and drop is an enhancement for wide screens with a pointer: the forms do the same.
  const drop = (stage: string) => (e: DragEvent) => {
    e.preventDefault();
    const [id, name] = (e.dataTransfer.getData('text/plain') || '').split('\n');
    setDragging(null);
    if (!id || stage === 'lost') return; // lost needs a reason: use the form
    fetcher.submit({ id, name: name ?? '', stage }, { method: 'post' });
  };
  return (
    <>
      <h1>{title}</h1>
      <p>{t('crm.board.lead')}</p>
      <p className="actions wrap">
        <Link to="/crm/tasks">{t('crm.board.tasksLink')}</Link>
        <Link to="/enquiry">{t('crm.board.enquiryLink')}</Link>
      </p>
      {moved ? (
        <Toast>{t('crm.board.moved', { name: moved, stage: labelOf(params.get('to') ?? '') })}</Toast>
      ) : null}
      {stages.every((s) => s.count === 0) ? (
        <EmptyState
          title={t('crm.board.noContacts')}
          next={t('empty.crm.next')}
          action={{ to: '/enquiry', label: t('empty.crm.action') }}
        />
      ) : null}
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      <div className="crm-board">
        {stages.map((stage) => (
          <section
            key={stage.key}
            className={`card crm-column${dragging ? ' crm-drop' : ''}`}
            aria-labelledby={`stage-${stage.key}`}
            data-testid="crm-stage"
            data-stage={stage.key}
            onDragOver={(e) => e.preventDefault()}
            onDrop={drop(stage.key)}
          >
            <h2 id={`stage-${stage.key}`}>
              {stage.label} <span className="hint">({t('crm.board.count', { count: stage.count })})</span>
            </h2>
            {stage.contacts.length === 0 ? <p className="hint">{t('crm.board.empty')}</p> : null}
            <ul className="crm-cards">
              {stage.contacts.map((c) => (
                <li
                  key={c.id}
                  className="crm-card"
                  data-testid="crm-contact"
                  data-contact={c.id}
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData('text/plain', `${c.id}\n${c.name}`);
                    setDragging(c.id);
                  }}
                  onDragEnd={() => setDragging(null)}
                >
                  <Link to={`/crm/contacts/${c.id}`}>{c.name}</Link>
                  {c.postcode ? <span className="hint"> · {c.postcode}</span> : null}
                  {c.lostReason ? <p className="hint">{c.lostReason}</p> : null}
                  <Form method="post" className="crm-move">
                    <input type="hidden" name="id" value={c.id} />
                    <input type="hidden" name="name" value={c.name} />
                    <label htmlFor={`move-${c.id}`}>{t('crm.board.moveTo', { name: c.name })}</label>
                    <select id={`move-${c.id}`} name="stage" defaultValue={stage.key}>
                      {stages.map((s) => (
                        <option key={s.key} value={s.key}>
                          {s.label}
                        </option>
                      ))}
                    </select>
                    <label htmlFor={`reason-${c.id}`}>{t('crm.board.reason')}</label>
                    <input id={`reason-${c.id}`} name="reason" type="text" maxLength={500} />
                    <button type="submit">{t('crm.board.move')}</button>
                  </Form>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}
