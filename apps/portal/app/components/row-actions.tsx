import { Form, Link } from '@remix-run/react';
import { translator } from '../lib/i18n.ts';
import { useRoot } from '../root.tsx';

/** Opens a row of a setup list in the page's AddOrEditForm; named after the row for screen readers. */
export function EditLink({ id, name }: { id: string; name: string }) {
  const t = translator(useRoot().locale);
  return (
    <Link to={`?edit=${id}`} aria-label={t('admin.setup.editNamed', { name })}>
      {t('admin.setup.edit')}
    </Link>
  );
}

/** A row's one-button form (turn off, retire…), which works without JavaScript; `fields` go as hidden inputs. */
export function RowButton(props: { fields: Record<string, string>; label: string; namedLabel: string }) {
  return (
    <Form method="post">
      {Object.entries(props.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="link" aria-label={props.namedLabel}>
        {props.label}
      </button>
    </Form>
  );
}
