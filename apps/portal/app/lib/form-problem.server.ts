import { ApiProblem } from './api.server.ts';
import type { Translate } from './i18n.ts';

/** What a refused form shows: the API's reason and, per field (`address`, `cancellationTiers.0.feePercent`), its message. */
export type FormProblem = { detail: string; fields: Record<string, string> };

/**
 * The API's refusal (4xx) as a form problem, the fields keyed by their path in the body; anything
 * else (5xx, a network failure) is rethrown for the error page. A field left empty gets a plain
 * "fill this in" rather than the validator's wording about string lengths.
 */
export function formProblem(
  error: unknown,
  submitted: Record<string, unknown> = {},
  t?: Translate,
): FormProblem {
  if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
  return {
    detail: error.detail,
    fields: Object.fromEntries(
      error.errors.map((e) => {
        const path = e.path.replace(/^body\./, '');
        return [path, t && submitted[path] === '' ? t('admin.setup.required') : e.message];
      }),
    ),
  };
}
