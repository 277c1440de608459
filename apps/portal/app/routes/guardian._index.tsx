import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { guardianPage } from '../lib/guardian.server.ts';
import { translator } from '../lib/i18n.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('guardian.title');

/** A guardian's home: the learners they follow, each with their progress, lessons and logbook. */
export async function loader(args: LoaderFunctionArgs) {
  const { learners } = await guardianPage(args);
  return { learners };
}

export default function GuardianHome() {
  const { learners } = useLoaderData<typeof loader>();
  const t = translator(useRoot().locale);
  return (
    <>
      <h1>{t('guardian.title')}</h1>
      {learners.length === 0 ? <p className="card">{t('guardian.none')}</p> : null}
      <div className="grid">
        {learners.map((l) => (
          <section
            key={l.studentId}
            className="card"
            aria-labelledby={`learner-${l.studentId}`}
            data-testid="learner"
          >
            <h2 id={`learner-${l.studentId}`}>{l.name}</h2>
            {l.relationship ? <p>{t('guardian.relationship', { relationship: l.relationship })}</p> : null}
            {l.canPay ? <p>{t('guardian.payer')}</p> : null}
            {l.pendingPracticeEntries > 0 ? (
              <p data-testid="learner-pending">
                <strong>
                  {l.pendingPracticeEntries === 1
                    ? t('guardian.pendingOne')
                    : t('guardian.pending', { count: l.pendingPracticeEntries })}
                </strong>
              </p>
            ) : null}
            <ul>
              <li>
                <Link to={`/guardian/${l.studentId}/progress`}>
                  {t('guardian.progressOf', { name: l.name })}
                </Link>
              </li>
              <li>
                <Link to={`/guardian/${l.studentId}/lessons`}>
                  {t('guardian.lessonsOf', { name: l.name })}
                </Link>
              </li>
              <li>
                <Link to={`/guardian/${l.studentId}/logbook`}>
                  {t('guardian.logbookOf', { name: l.name })}
                </Link>
              </li>
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}
