import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PeoplePage } from '../components/people-page.tsx';
import { translator } from '../lib/i18n.ts';
import { titleFor } from '../lib/page-title.ts';
import { addPerson, loadPeople } from '../lib/people.server.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('admin.setup.instructors.title');

export const loader = (args: LoaderFunctionArgs) => loadPeople(args, 'instructors');
export const action = (args: ActionFunctionArgs) => addPerson(args, 'instructors');

export default function Instructors() {
  const { people } = useLoaderData<typeof loader>();
  const t = translator(useRoot().locale);
  return (
    <PeoplePage
      title={t('admin.setup.instructors.title')}
      noun="instructor"
      people={people}
      result={useActionData<typeof action>()}
      rowLink={(p) => ({
        to: `/admin/instructors/${p.id}/availability`,
        label: t('admin.setup.instructors.hours'),
      })}
    />
  );
}
