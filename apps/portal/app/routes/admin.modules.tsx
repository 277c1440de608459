import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { useRoot } from '../root.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '' }];

/**
 * The platform's modules with what each needs (mirrors the manifests' `dependsOn` in modules/*;
 * the portal does not import module code). What a school has on is in GET /api/v1/school.
 */
const MODULES = [
  ['scheduling', []],
  ['lessons', ['scheduling']],
  ['payments', ['scheduling']],
  ['messaging', []],
  ['crm', []],
  ['analytics', []],
] as const;

export async function loader(args: LoaderFunctionArgs) {
  const { t } = await staffPage(args);
  return { title: t('admin.setup.modules.title') };
}

/** Read-only for the school: the platform's operators turn modules on and off. */
export default function Modules() {
  const { title } = useLoaderData<typeof loader>();
  const { school, locale } = useRoot();
  const t = translator(locale);
  const on = new Set(school!.modules);
  return (
    <>
      <h1>{title}</h1>
      <p>{t('admin.setup.modules.lead')}</p>
      <ul className="lessons">
        {MODULES.map(([id, needs]) => (
          <li key={id} className="card" data-testid={`module-${id}`}>
            <h2>
              {t(`admin.setup.modules.${id}.name`)} ·{' '}
              {on.has(id) ? t('admin.setup.modules.on') : t('admin.setup.modules.off')}
            </h2>
            <p>{t(`admin.setup.modules.${id}.gives`)}</p>
            {needs.length ? (
              <p className="hint">
                {t('admin.setup.modules.needs', {
                  modules: needs.map((n) => t(`admin.setup.modules.${n}.name`)).join(', '),
                })}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
