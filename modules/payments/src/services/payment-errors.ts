import { AppError, conflict, notFound } from '@dualcontrol/platform';

export const paymentNotFound = () => notFound('payments.payment_not_found', 'No such payment.');
export const invoiceNotFound = () => notFound('payments.invoice_not_found', 'No such invoice.');
export const packageNotFound = () => notFound('payments.package_not_found', 'No such package.');
export const planNotFound = () => notFound('payments.plan_not_found', 'No such payment plan.');
export const feeNotFound = () => notFound('payments.fee_not_found', 'No such cancellation fee.');
export const studentNotFound = () => notFound('payments.student_not_found', 'No such student.');
export const bookingNotFound = () => notFound('payments.booking_not_found', 'No such booking.');
export const methodNotFound = () =>
  notFound('payments.payment_method_not_found', 'No such saved card for this student.');
/** The refusal of an office-only step (the 403 text clients already know). */
export const OFFICE_ONLY = 'Only the school’s owner or admins can do this.';

export const insufficientCredit = (availableMinor: number, neededMinor: number, currency: string) =>
  conflict(
    'payments.insufficient_credit',
    `The student has ${availableMinor} ${currency} (minor units) of credit; ${neededMinor} is needed.`,
    { availableMinor, neededMinor, currency },
  );

export const stripeNotConfigured = () =>
  conflict(
    'payments.stripe_not_configured',
    'This school takes no card payments yet: connect Stripe under payment settings, or record a manual payment.',
  );

export const alreadyPaid = () => conflict('payments.already_paid', 'This has already been paid.');

/** The card was refused by the bank (402 as Stripe answers, with its decline code). */
export const cardDeclined = (message: string, declineCode?: string) =>
  new AppError('payments.card_declined', {
    status: 402,
    title: 'Payment required',
    detail: message,
    ...(declineCode ? { extra: { declineCode } } : {}),
  });

export const stripeUnavailable = (cause: unknown) =>
  new AppError('payments.stripe_unavailable', {
    status: 503,
    title: 'Service unavailable',
    detail: 'The card processor could not be reached; nothing was charged. Try again in a moment.',
    headers: { 'Retry-After': '5' },
    cause,
  });
