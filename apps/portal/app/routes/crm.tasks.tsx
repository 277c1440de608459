import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { EmptyState } from '../components/empty-state.tsx';
import { ModuleOff } from '../components/module-off.tsx';
import { Toast } from '../components/toast.tsx';
import type { CrmContact, CrmTask } from '../lib/crm.ts';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('crm.tasks.title');

const FILTERS = { mine: 'mine=true', today: 'dueToday=true', all: '' } as const;
type Filter = keyof typeof FILTERS;

/** The office's open tasks: mine, due today (or overdue), or all; with each task's contact. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await staffPage(args);
  if (!school.modules.includes('crm')) return { off: true as const };
  const asked = new URL(args.request.url).searchParams.get('show') as Filter | null;
  const show: Filter = asked && asked in FILTERS ? asked : 'mine';
  const tasks = await api.get<{ data: CrmTask[] }>(`/api/v1/crm/tasks?limit=100&${FILTERS[show]}`);
  const contacts = await api.get<{ data: CrmContact[] }>('/api/v1/crm/contacts?limit=100');
  const names = Object.fromEntries(contacts.data.map((c) => [c.id, c.name]));
  return { off: false as const, show, tasks: tasks.data, names };
}

export async function action(args: ActionFunctionArgs) {
  const { api } = await staffPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  await api.post(`/api/v1/crm/tasks/${encodeURIComponent(form.task ?? '')}/complete`);
  return redirect(`/crm/tasks?show=${encodeURIComponent(form.show ?? 'mine')}&done=1`);
}

export default function CrmTasks() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = translator(useRoot().locale);
  const title = t('crm.tasks.title');
  if (data.off) return <ModuleOff title={title} reason={t('crm.off')} />;
  const { show, tasks, names } = data;
  const label: Record<Filter, string> = {
    mine: t('crm.tasks.mine'),
    today: t('crm.tasks.dueToday'),
    all: t('crm.tasks.all'),
  };
  return (
    <>
      <h1>{title}</h1>
      <nav aria-label={t('crm.tasks.filters')} className="actions wrap">
        {(Object.keys(FILTERS) as Filter[]).map((f) => (
          <Link key={f} to={`/crm/tasks?show=${f}`} aria-current={f === show ? 'page' : undefined}>
            {label[f]}
          </Link>
        ))}
      </nav>
      {params.get('done') ? <Toast>{t('crm.tasks.completed')}</Toast> : null}
      {tasks.length === 0 ? (
        <EmptyState
          title={t('crm.tasks.none')}
          next={t('empty.tasks.next')}
          action={{ to: '/crm', label: t('empty.tasks.action') }}
        />
      ) : (
        <table className="table card">
          <caption>{label[show]}</caption>
          <thead>
            <tr>
              <th scope="col">{t('crm.tasks.task')}</th>
              <th scope="col">{t('crm.tasks.contact')}</th>
              <th scope="col">{t('crm.tasks.due')}</th>
              <th scope="col">{t('crm.tasks.done')}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id} data-testid="crm-task">
                <td>{task.title}</td>
                <td>
                  <Link to={`/crm/contacts/${task.contactId}`}>
                    {names[task.contactId] ?? task.contactId}
                  </Link>
                </td>
                <td>{task.dueOn}</td>
                <td>
                  <Form method="post" className="inline">
                    <input type="hidden" name="task" value={task.id} />
                    <input type="hidden" name="show" value={show} />
                    <button type="submit" aria-label={t('crm.tasks.complete', { title: task.title })}>
                      {t('crm.tasks.done')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
