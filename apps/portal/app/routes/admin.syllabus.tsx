import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ModuleOff } from '../components/module-off.tsx';
import { Toast } from '../components/toast.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { dateIn } from '../lib/format.ts';
import { translator } from '../lib/i18n.ts';
import { formatCalendarDay } from '../lib/lessons-records.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('syllabus.title');

type Skill = { id: string; name: string; categoryId: string; retiredAt: string | null };
type Category = { id: string; name: string; skills: Skill[] };
type Rename = { skillId: string; from: string; to: string; at: string };

/** The office's editor of its copy of the syllabus: rename, move, add and retire skills and groups. */
export async function loader(args: LoaderFunctionArgs) {
  const { school, api } = await staffPage(args);
  if (!school.modules.includes('lessons')) return { off: true as const };
  const [syllabus, renames, templates] = await Promise.all([
    api.get<{ categories: Category[] }>('/api/v1/syllabus'),
    api.get<{ data: Rename[] }>('/api/v1/syllabus/renames'),
    api.get<{ recommended: string; data: { id: string; name: string }[] }>('/api/v1/syllabus/templates'),
  ]);
  // Oldest first per skill: "Formerly: Moving off, Moving away".
  const formerly: Record<string, { name: string; until: string }[]> = {};
  for (const r of [...renames.data].reverse()) {
    const names = formerly[r.skillId] ?? [];
    names.push({ name: r.from, until: dateIn(new Date(r.at), school.timezone) });
    formerly[r.skillId] = names;
  }
  return {
    off: false as const,
    categories: syllabus.categories,
    formerly,
    template: templates.data.find((x) => x.id === templates.recommended) ?? templates.data[0]!,
    saved: new URL(args.request.url).searchParams.get('saved'),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { api, t } = await staffPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  const id = encodeURIComponent(form.id ?? '');
  const name = (form.name ?? '').trim();
  try {
    let saved = form.label ?? name;
    switch (form.intent) {
      case 'install':
        await api.post('/api/v1/syllabus/install', { template: form.template });
        saved = form.label ?? '';
        break;
      case 'renameSkill':
        await api.patch(`/api/v1/syllabus/skills/${id}`, { name });
        saved = name;
        break;
      case 'moveSkill':
        await api.patch(`/api/v1/syllabus/skills/${id}`, { categoryId: form.categoryId });
        break;
      case 'retireSkill':
      case 'restoreSkill':
        await api.patch(`/api/v1/syllabus/skills/${id}`, { retired: form.intent === 'retireSkill' });
        break;
      case 'addSkill':
        await api.post('/api/v1/syllabus/skills', { categoryId: form.categoryId, name });
        saved = name;
        break;
      case 'addCategory':
        await api.post('/api/v1/syllabus/categories', { name });
        saved = name;
        break;
      case 'renameCategory':
        await api.patch(`/api/v1/syllabus/categories/${id}`, { name });
        saved = name;
        break;
      case 'retireCategory':
      case 'restoreCategory':
        await api.patch(`/api/v1/syllabus/categories/${id}`, { retired: form.intent === 'retireCategory' });
        break;
      default:
        throw new Response('Unknown action', { status: 400 });
    }
    return redirect(`/admin/syllabus?saved=${encodeURIComponent(saved)}`);
  } catch (error) {
    return {
      problem: formProblem(error, { name }, t),
      target: `${form.intent}:${form.id ?? form.categoryId ?? ''}`,
    };
  }
}

export default function SyllabusEditor() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale } = useRoot();
  const t = translator(locale);
  const title = t('syllabus.title');
  if (data.off) return <ModuleOff title={title} reason={t('admin.lessonsOff')} />;
  const { categories, formerly, template, saved } = data;
  const problemFor = (target: string) =>
    result?.target === target ? (
      <p className="error" role="alert">
        {result.problem.fields.name ?? result.problem.detail}
      </p>
    ) : null;
  return (
    <>
      <h1>{title}</h1>
      <p>{t('syllabus.lead')}</p>
      {saved ? <Toast>{t('syllabus.saved', { name: saved })}</Toast> : null}
      {categories.length === 0 ? (
        <section className="card">
          <p>{t('syllabus.empty')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="install" />
            <input type="hidden" name="template" value={template.id} />
            <input type="hidden" name="label" value={template.name} />
            <button type="submit">{t('syllabus.install', { name: template.name })}</button>
          </Form>
        </section>
      ) : null}
      {categories.map((c) => {
        const retiredGroup = c.skills.length > 0 && c.skills.every((s) => s.retiredAt);
        return (
          <section key={c.id} className="card" aria-labelledby={`group-${c.id}`} data-testid="syllabus-group">
            <h2 id={`group-${c.id}`}>
              {c.name}
              {retiredGroup ? ` · ${t('syllabus.retired')}` : null}
            </h2>
            <div className="actions wrap centred">
              <Form method="post" className="actions centred syllabus-edit">
                <input type="hidden" name="intent" value="renameCategory" />
                <input type="hidden" name="id" value={c.id} />
                <input
                  name="name"
                  defaultValue={c.name}
                  aria-label={t('syllabus.categoryName', { name: c.name })}
                  required
                />
                <button
                  type="submit"
                  className="secondary"
                  aria-label={t('syllabus.renameCategoryLabel', { name: c.name })}
                >
                  {t('syllabus.renameGroup')}
                </button>
              </Form>
              {c.skills.length > 0 ? (
                <Form method="post">
                  <input
                    type="hidden"
                    name="intent"
                    value={retiredGroup ? 'restoreCategory' : 'retireCategory'}
                  />
                  <input type="hidden" name="id" value={c.id} />
                  <input type="hidden" name="label" value={c.name} />
                  <button
                    type="submit"
                    className="secondary"
                    aria-label={t(
                      retiredGroup ? 'syllabus.restoreCategoryLabel' : 'syllabus.retireCategoryLabel',
                      {
                        name: c.name,
                      },
                    )}
                  >
                    {t(retiredGroup ? 'syllabus.restoreGroup' : 'syllabus.retireGroup')}
                  </button>
                </Form>
              ) : null}
            </div>
            {problemFor(`renameCategory:${c.id}`)}
            {c.skills.length === 0 ? <p>{t('syllabus.noSkills')}</p> : null}
            <ul className="syllabus-skills">
              {c.skills.map((s) => (
                <li
                  key={s.id}
                  data-testid="syllabus-skill"
                  data-skill={s.id}
                  className={s.retiredAt ? 'retired' : undefined}
                >
                  <div className="actions wrap centred">
                    <Form method="post" className="actions centred syllabus-edit">
                      <input type="hidden" name="intent" value="renameSkill" />
                      <input type="hidden" name="id" value={s.id} />
                      <input
                        name="name"
                        defaultValue={s.name}
                        aria-label={t('syllabus.name', { name: s.name })}
                        required
                      />
                      <button
                        type="submit"
                        className="secondary"
                        aria-label={t('syllabus.renameLabel', { name: s.name })}
                      >
                        {t('syllabus.rename')}
                      </button>
                    </Form>
                    {categories.length > 1 ? (
                      <Form method="post" className="actions centred syllabus-edit">
                        <input type="hidden" name="intent" value="moveSkill" />
                        <input type="hidden" name="id" value={s.id} />
                        <input type="hidden" name="label" value={s.name} />
                        <select
                          name="categoryId"
                          defaultValue={c.id}
                          aria-label={t('syllabus.moveTo', { name: s.name })}
                        >
                          {categories.map((o) => (
                            <option key={o.id} value={o.id}>
                              {o.name}
                            </option>
                          ))}
                        </select>
                        <button
                          type="submit"
                          className="secondary"
                          aria-label={t('syllabus.moveLabel', { name: s.name })}
                        >
                          {t('syllabus.move')}
                        </button>
                      </Form>
                    ) : null}
                    <Form method="post">
                      <input
                        type="hidden"
                        name="intent"
                        value={s.retiredAt ? 'restoreSkill' : 'retireSkill'}
                      />
                      <input type="hidden" name="id" value={s.id} />
                      <input type="hidden" name="label" value={s.name} />
                      <button
                        type="submit"
                        className="secondary"
                        aria-label={t(s.retiredAt ? 'syllabus.restoreLabel' : 'syllabus.retireLabel', {
                          name: s.name,
                        })}
                      >
                        {t(s.retiredAt ? 'syllabus.restore' : 'syllabus.retire')}
                      </button>
                    </Form>
                    {s.retiredAt ? <span className="hint">{t('syllabus.retired')}</span> : null}
                  </div>
                  {formerly[s.id] ? (
                    <p className="hint" data-testid="skill-formerly">
                      {t('syllabus.formerly', {
                        names: formerly[s.id]!.map(
                          (f) => `${f.name} (${formatCalendarDay(f.until, locale)})`,
                        ).join(', '),
                      })}
                    </p>
                  ) : null}
                  {problemFor(`renameSkill:${s.id}`)}
                </li>
              ))}
            </ul>
            <Form method="post" className="actions wrap centred syllabus-edit">
              <input type="hidden" name="intent" value="addSkill" />
              <input type="hidden" name="categoryId" value={c.id} />
              <label htmlFor={`new-skill-${c.id}`}>{t('syllabus.addSkill', { category: c.name })}</label>
              <input id={`new-skill-${c.id}`} name="name" required />
              <button type="submit">{t('syllabus.addSkillButton')}</button>
            </Form>
            {problemFor(`addSkill:${c.id}`)}
          </section>
        );
      })}
      {categories.length > 0 ? (
        <section className="card" aria-labelledby="new-group-h">
          <h2 id="new-group-h">{t('syllabus.addCategory')}</h2>
          <Form method="post" className="actions wrap centred syllabus-edit">
            <input type="hidden" name="intent" value="addCategory" />
            <label htmlFor="new-group">{t('syllabus.addCategory')}</label>
            <input id="new-group" name="name" required />
            <button type="submit">{t('syllabus.addCategoryButton')}</button>
          </Form>
          {problemFor('addCategory:')}
        </section>
      ) : null}
    </>
  );
}
