import type { ReactNode } from 'react';

/**
 * A flash message after an action ("Lesson requested", "Payout recorded"): a polite live region
 * (role="status") styled as a toast at the top of the page. It stays until the next page: a
 * message that vanishes on a timer fails those who read slowly (WCAG 2.2.1).
 */
export function Toast({
  children,
  tone = 'success',
  className,
}: {
  children: ReactNode;
  tone?: 'success' | 'info';
  className?: string;
}) {
  return (
    <p role="status" className={['toast', `toast-${tone}`, className].filter(Boolean).join(' ')}>
      {children}
    </p>
  );
}
