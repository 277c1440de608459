import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * A labelled input with the API's complaint about it right beside it (and announced with it, via
 * aria-describedby). `id` doubles as the form name unless `name` is given.
 */
export function FormField(
  props: { id: string; label: ReactNode; error?: string | undefined; hint?: ReactNode } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    'id'
  >,
) {
  const { id, label, error, hint, name, ...input } = props;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name ?? id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled select with its error beside it, like FormField. */
export function SelectField(props: {
  id: string;
  label: ReactNode;
  options: readonly (readonly [string, string])[];
  defaultValue?: string | undefined;
  error?: string | undefined;
  name?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.name ?? props.id}
        defaultValue={props.defaultValue}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      >
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {props.error ? (
        <p id={`${props.id}-error`} className="error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
