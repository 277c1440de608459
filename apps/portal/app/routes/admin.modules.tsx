import type { LoaderFunctionArgs } from '@remix-run/node';
import { translator } from '../lib/i18n.ts';
import { staffPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.setup.modules.title');

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

/** Staff only; what is on comes with the school in the root's data. */
export async function loader(args: LoaderFunctionArgs) {
  await staffPage(args);
  return null;
}

/** Read-only for the school: the platform's operators turn modules on and off. */
export default function Modules() {
  const { school, locale } = useRoot();
  const t = translator(locale);
  const on = new Set(school!.modules);
  return (
    <>
      <h1>{t('admin.setup.modules.title')}</h1>
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
