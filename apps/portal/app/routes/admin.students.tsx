import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PeoplePage } from '../components/people-page.tsx';
import { addPerson, loadPeople } from '../lib/people.server.ts';

export const meta: MetaFunction = () => [{ title: 'Students' }];

export const loader = (args: LoaderFunctionArgs) => loadPeople(args, 'students');
export const action = (args: ActionFunctionArgs) => addPerson(args, 'students');

export default function Students() {
  const { people } = useLoaderData<typeof loader>();
  return (
    <PeoplePage title="Students" noun="student" people={people} result={useActionData<typeof action>()} />
  );
}
