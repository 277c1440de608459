import { Form, Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { FormProblem } from '../lib/form-problem.server.ts';
import { translator } from '../lib/i18n.ts';
import { useRoot } from '../root.tsx';
import { FormProblemAlert } from './form-problem-alert.tsx';

/**
 * The form under a setup list: it adds a row, or changes the one opened with `?edit=<id>` (see
 * EditLink). The API's refusal shows beside the fields, or above the buttons when it names none.
 */
export function AddOrEditForm(props: {
  heading: string;
  /** A different row (or a fresh form after saving) needs a new key, so the boxes get fresh values. */
  formKey: string;
  editing: { id: string } | null;
  problem: FormProblem | null | undefined;
  addLabel: string;
  /** Where "Cancel" goes while a row is being changed: the list without `?edit`. */
  cancelTo?: string;
  children: ReactNode;
}) {
  const t = translator(useRoot().locale);
  const { editing } = props;
  return (
    <section className="card" aria-labelledby="form-h">
      <h2 id="form-h">{props.heading}</h2>
      <Form method="post" key={props.formKey}>
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        {props.children}
        <FormProblemAlert problem={props.problem} />
        <div className="actions">
          <button type="submit">{editing ? t('admin.setup.saveChanges') : props.addLabel}</button>
          {editing && props.cancelTo ? <Link to={props.cancelTo}>{t('admin.setup.cancelEdit')}</Link> : null}
        </div>
      </Form>
    </section>
  );
}
