import { NavLink } from '@remix-run/react';
import type { Translate } from '../lib/i18n.ts';

/**
 * The links between one learner's pages. The learner's own progress lives at /progress; everyone
 * else reaches it under /students/:id.
 */
export function LearnerNav({ t, studentId, self }: { t: Translate; studentId: string; self: boolean }) {
  const base = `/students/${studentId}`;
  const links = [
    [self ? '/progress' : `${base}/progress`, t('learner.progress')],
    [`${base}/tests`, t('learner.tests')],
    [`${base}/goals`, t('learner.goals')],
    [`${base}/materials`, t('learner.materials')],
  ] as const;
  return (
    <nav aria-label={t('learner.nav')} className="actions wrap learner-nav">
      {links.map(([to, label]) => (
        <NavLink key={to} to={to} end>
          {label}
        </NavLink>
      ))}
    </nav>
  );
}
