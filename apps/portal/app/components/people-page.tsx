import { Form, Link } from '@remix-run/react';
import { type ReactNode, useEffect, useRef } from 'react';
import { translator } from '../lib/i18n.ts';
import type { Person } from '../lib/types.ts';
import { useRoot } from '../root.tsx';
import { EmptyState } from './empty-state.tsx';
import { FormField } from './form-field.tsx';
import { Toast } from './toast.tsx';

/** What the add form's action answers: who was added, or the API's reasons (per field when it names one). */
export type PeopleResult =
  | {
      added: string | null;
      error: string | null;
      fields?: Record<string, string>;
      /** Set when an invitation was mailed (to that address). */
      invited?: string | null;
      /** Why a "resend invitation" was refused. */
      inviteError?: string | null;
    }
  | undefined;

/**
 * The office's list of instructors or students, and the form that adds one. With `invite`, the
 * password may be left empty: the person is then mailed a link to choose their own.
 */
export function PeoplePage(props: {
  title: string;
  noun: 'instructor' | 'student';
  people: Person[];
  result: PeopleResult;
  rowLink?: (person: Person) => { to: string; label: string };
  /** Something more on each person's line (e.g. "Resend invitation"). */
  rowAction?: (person: Person) => ReactNode;
  invite?: boolean;
  /** Shown between the list and the add form (e.g. a link to import many at once). */
  children?: ReactNode;
}) {
  const { result } = props;
  const t = translator(useRoot().locale);
  const form = useRef<HTMLFormElement>(null);
  // After someone is added the form starts empty, so their password is never reused for the next.
  useEffect(() => {
    if (result?.added) form.current?.reset();
  }, [result]);
  const fields = result?.fields ?? {};
  const otherError = result?.error && Object.keys(fields).length === 0 ? result.error : null;
  return (
    <>
      <h1>{props.title}</h1>
      {result?.invited && !result.added ? (
        <Toast>{t('admin.students.invitationSent', { email: result.invited })}</Toast>
      ) : null}
      {result?.inviteError ? (
        <p className="error" role="alert">
          {result.inviteError}
        </p>
      ) : null}
      {props.people.length === 0 ? (
        props.noun === 'instructor' ? (
          <EmptyState
            title={t('empty.instructors.title')}
            next={t('empty.instructors.next')}
            action={{ to: '#add-h', label: t('empty.instructors.action') }}
          />
        ) : (
          <EmptyState
            title={t('empty.officeStudents.title')}
            next={t('empty.officeStudents.next')}
            action={{ to: '/admin/students/import', label: t('empty.officeStudents.action') }}
          />
        )
      ) : null}
      <ul className="lessons">
        {props.people.map((p) => {
          const link = props.rowLink?.(p);
          return (
            <li key={p.id} className="card" data-testid="person">
              <strong>{p.name}</strong> · {p.email}
              {link ? (
                <>
                  {' · '}
                  <Link to={link.to}>{link.label}</Link>
                </>
              ) : null}
              {props.rowAction?.(p)}
            </li>
          );
        })}
      </ul>
      {props.children}
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h">
          {t(props.noun === 'instructor' ? 'admin.students.addInstructorTitle' : 'admin.students.addTitle')}
        </h2>
        <Form method="post" ref={form}>
          <input type="hidden" name="intent" value="add" />
          <FormField id="name" label={t('admin.students.name')} required error={fields.name} />
          <FormField
            id="email"
            type="email"
            label={t('admin.students.email')}
            required
            error={fields.email}
          />
          <FormField
            id="password"
            type="password"
            label={t(props.invite ? 'admin.students.passwordOptional' : 'admin.students.password')}
            hint={props.invite ? t('admin.students.passwordHint') : undefined}
            autoComplete="new-password"
            required={!props.invite}
            minLength={10}
            error={fields.password}
          />
          {otherError ? (
            <p className="error" role="alert">
              {otherError}
            </p>
          ) : null}
          {result?.added ? (
            <Toast>
              {t('admin.students.added', { name: result.added })}
              {result.invited ? ` ${t('admin.students.invitedTo', { email: result.invited })}` : ''}
            </Toast>
          ) : null}
          <button type="submit">
            {t(props.noun === 'instructor' ? 'admin.students.addInstructor' : 'admin.students.addStudent')}
          </button>
        </Form>
      </section>
    </>
  );
}
