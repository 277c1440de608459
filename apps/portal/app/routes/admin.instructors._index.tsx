import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PeoplePage } from '../components/people-page.tsx';
import { addPerson, loadPeople } from '../lib/people.server.ts';

export const meta: MetaFunction = () => [{ title: 'Instructors' }];

export const loader = (args: LoaderFunctionArgs) => loadPeople(args, 'instructors');
export const action = (args: ActionFunctionArgs) => addPerson(args, 'instructors');

export default function Instructors() {
  const { people } = useLoaderData<typeof loader>();
  return (
    <PeoplePage
      title="Instructors"
      noun="instructor"
      people={people}
      result={useActionData<typeof action>()}
      rowLink={(p) => ({ to: `/admin/instructors/${p.id}/availability`, label: 'Weekly hours' })}
    />
  );
}
