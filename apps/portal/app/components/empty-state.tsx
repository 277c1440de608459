import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';

/**
 * What a list with nothing in it says: what is (not) here, what to do next, and (where the person
 * may do it) the link that does it. Never just "nothing here" (issue 16).
 */
export function EmptyState({
  title,
  next,
  action,
  testId,
}: {
  title: ReactNode;
  next: ReactNode;
  action?: { to: string; label: ReactNode } | null;
  testId?: string;
}) {
  return (
    <div className="empty-state" data-testid={testId ?? 'empty-state'}>
      <p className="empty-title">{title}</p>
      <p className="empty-next">{next}</p>
      {action ? (
        <Link to={action.to} className="button-link">
          {action.label}
        </Link>
      ) : null}
    </div>
  );
}
