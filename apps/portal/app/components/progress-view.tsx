import type { ReactNode } from 'react';
import type { Translate } from '../lib/i18n.ts';
import { byCategory, type StudentProgress } from '../lib/lessons.ts';
import { EmptyState } from './empty-state.tsx';
import { SkillChart } from './skill-chart.tsx';

/** A student's progress: readiness with its reasons, what to practise next, every skill's level. */
export function ProgressView(props: {
  t: Translate;
  locale: string;
  zone: string;
  title: string;
  progress: StudentProgress;
  /** Links to the learner's other pages (tests, goals, reading), under the heading. */
  nav?: ReactNode;
  /** Before any lesson is recorded: what the viewer can do about it (a student: book one). */
  emptyAction?: { to: string; label: string } | null;
}) {
  const { t, progress } = props;
  const { readiness } = progress;
  return (
    <>
      <h1>{props.title}</h1>
      {props.nav}
      {progress.lessons === 0 ? (
        <EmptyState
          title={t('empty.progress.title')}
          next={t('empty.progress.next')}
          action={props.emptyAction}
        />
      ) : null}
      <div className="grid">
        <section className="card" aria-labelledby="readiness-h">
          <h2 id="readiness-h">{t('progress.readiness')}</h2>
          <p className="figure" data-testid="readiness-score">
            {t('progress.score', { score: readiness.score })}
          </p>
          <p data-testid="readiness-summary">{readiness.summary}</p>
          <ul className="readiness">
            {readiness.components.map((c) => (
              <li key={c.key} data-testid="readiness-component">
                <strong>{t(`progress.component.${c.key}`)}</strong>{' '}
                {t('progress.points', { points: Math.round(c.points), weight: c.weight })}: {c.detail}
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="next-h">
          <h2 id="next-h">{t('progress.next')}</h2>
          {progress.recommendations.length === 0 ? <p>{t('progress.noNext')}</p> : null}
          <ol>
            {progress.recommendations.map((r) => (
              <li key={r.skillId} data-testid="recommendation">
                <strong>{r.name}</strong>
                {r.reasons.length > 0 ? `: ${r.reasons.join('; ')}` : null}
              </li>
            ))}
          </ol>
          <dl className="facts">
            <dt>{t('progress.lessons')}</dt>
            <dd>{progress.lessons}</dd>
            <dt>{t('progress.hours')}</dt>
            <dd>{Math.round((progress.minutesTaught / 60) * 10) / 10}</dd>
          </dl>
        </section>
      </div>
      <section className="card" aria-labelledby="skills-h">
        <h2 id="skills-h">{t('progress.skills')}</h2>
        {byCategory(progress.skills).map((g) => (
          <section key={g.id} aria-labelledby={`cat-${g.id}`}>
            <h3 id={`cat-${g.id}`}>{g.name}</h3>
            <SkillChart t={t} locale={props.locale} zone={props.zone} category={g.name} skills={g.skills} />
          </section>
        ))}
      </section>
    </>
  );
}
