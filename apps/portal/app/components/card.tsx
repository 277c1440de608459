import type { ReactNode } from 'react';

/**
 * A titled panel: a section labelled by its own heading (so screen readers list it as a region).
 * `id` names the heading; `level` is 2 unless the card sits under another card's heading.
 */
export function Card({
  id,
  title,
  level = 2,
  actions,
  className,
  children,
  testId,
}: {
  id: string;
  title: ReactNode;
  level?: 2 | 3;
  /** A link or button beside the title (what to do with what the card shows). */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
  testId?: string;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section
      className={['card', className].filter(Boolean).join(' ')}
      aria-labelledby={id}
      data-testid={testId}
    >
      <div className="card-head">
        <Heading id={id}>{title}</Heading>
        {actions ? <div className="card-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
