import type { FormProblem } from '../lib/form-problem.server.ts';

/**
 * The API's reason for refusing a form, unless the form already shows it beside a field: those in
 * `fieldsShown`, or any field when that is not given. `whenFieldsMarked` is said instead when a
 * field is marked (a long form needs telling that nothing was saved).
 */
export function FormProblemAlert({
  problem,
  fieldsShown,
  whenFieldsMarked,
}: {
  problem: FormProblem | null | undefined;
  fieldsShown?: readonly string[];
  whenFieldsMarked?: string;
}) {
  if (!problem) return null;
  const marked = fieldsShown
    ? fieldsShown.some((f) => problem.fields[f])
    : Object.keys(problem.fields).length > 0;
  const text = marked ? whenFieldsMarked : problem.detail || whenFieldsMarked;
  return text ? (
    <p className="error" role="alert">
      {text}
    </p>
  ) : null;
}
