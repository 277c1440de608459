import { Form, Link } from '@remix-run/react';
import { isMessageKey, type Translate } from '../lib/i18n.ts';
import type { Onboarding } from '../lib/onboarding.server.ts';

/**
 * A new school's setup steps with progress. Each step links to the page where it is done and
 * ticks itself from the school's real data (the API derives it); once all are done the owner may
 * put the list away.
 */
export function OnboardingChecklist({ checklist, t }: { checklist: Onboarding; t: Translate }) {
  return (
    <section className="card" aria-labelledby="onboarding-h" data-testid="onboarding">
      <h2 id="onboarding-h">{t('onboarding.title')}</h2>
      <p>
        <progress max={checklist.total} value={checklist.done} aria-labelledby="onboarding-progress" />{' '}
        <span id="onboarding-progress">
          {t('onboarding.progress', { done: checklist.done, total: checklist.total })}
        </span>
      </p>
      <p className="hint">{checklist.complete ? t('onboarding.complete') : t('onboarding.intro')}</p>
      <ol>
        {checklist.steps.map((step) => {
          const key = `onboarding.step.${step.id}`;
          const label = isMessageKey(key) ? t(key) : step.id;
          return (
            <li key={step.id} data-step={step.id} data-done={step.done}>
              <span aria-hidden="true">{step.done ? '✓ ' : '○ '}</span>
              <Link to={step.path}>{label}</Link>{' '}
              <span className={step.done ? 'badge' : 'hint'}>
                {step.done ? t('onboarding.done') : t('onboarding.todo')}
              </span>
            </li>
          );
        })}
      </ol>
      {checklist.complete ? (
        <Form method="post" action="/admin/onboarding">
          <button type="submit">{t('onboarding.dismiss')}</button>
        </Form>
      ) : null}
    </section>
  );
}
