/**
 * Every word the portal shows, per locale. en-US differs from en-GB where schools there speak
 * differently (road test, instructor's car); other locales fall back to en-GB.
 */
const enGB = {
  'app.name': 'Dualcontrol',
  'nav.home': 'Home',
  'nav.book': 'Book a lesson',
  'nav.bookings': 'My lessons',
  'nav.diary': 'Diary',
  'nav.signOut': 'Sign out',
  'nav.signIn': 'Sign in',
  'landing.title': 'Driving schools, run properly',
  'landing.lead': 'Bookings that never clash, payments that add up, and every lesson in its right time zone.',
  'landing.find': 'Find your school',
  'landing.slug': 'Your school’s web name',
  'landing.go': 'Go to my school',
  'landing.unknown': 'No school is called “{slug}”. Check the name your school gave you.',
  'signIn.title': 'Sign in to {school}',
  'signIn.email': 'Email',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.failed': 'That email and password do not match an account at {school}.',
  'signIn.expired': 'Your session ended. Please sign in again.',
  'home.greeting': 'Hello, {name}',
  'home.nextLesson': 'Next lesson',
  'home.noLesson': 'No lesson booked yet.',
  'home.credit': 'Lesson credit',
  'home.outstanding': 'To pay',
  'home.nothingDue': 'Nothing to pay.',
  'book.title': 'Book a lesson',
  'book.step.type': 'What kind of lesson?',
  'book.step.instructor': 'Who with?',
  'book.anyInstructor': 'Any instructor',
  'book.step.time': 'When?',
  'book.step.pickup': 'Where should we pick you up?',
  'book.step.confirm': 'Check and confirm',
  'book.noSlots': 'No free times this week. Try the next week.',
  'book.prevWeek': 'Previous week',
  'book.nextWeek': 'Next week',
  'book.times': 'Times are shown in {zone}.',
  'book.confirm': 'Request this lesson',
  'book.payCredit': 'Pay from my credit ({credit})',
  'book.payLater': 'Pay at the lesson',
  'book.requested': 'Lesson requested. Your instructor will confirm it.',
  'book.howToPay': 'How would you like to pay?',
  'bookings.title': 'My lessons',
  'bookings.none': 'No lessons yet.',
  'bookings.cancel': 'Cancel lesson',
  'bookings.cancelFee': 'Cancelling now costs {fee} under the school’s policy.',
  'bookings.cancelFree': 'Cancelling now is free.',
  'bookings.cancelConfirm': 'Yes, cancel this lesson',
  'bookings.keep': 'Keep it',
  'bookings.cancelled': 'Lesson cancelled.',
  'bookings.addToCalendar': 'Add to calendar',
  'diary.title': 'Diary',
  'diary.today': 'Today',
  'diary.week': 'This week',
  'diary.pending': 'Waiting for you',
  'diary.confirm': 'Confirm',
  'diary.reject': 'Reject',
  'diary.empty': 'Nothing booked.',
  'status.pending': 'Requested',
  'status.confirmed': 'Confirmed',
  'status.in_progress': 'Under way',
  'status.completed': 'Taught',
  'status.cancelled': 'Cancelled',
  'status.rejected': 'Declined',
  'status.expired': 'Expired',
  'status.no_show': 'Missed',
  'nav.invoices': 'Invoices',
  'nav.admin': 'School',
  'pay.title': 'Pay for your lesson',
  'pay.button': 'Pay',
  'pay.credit': 'Lesson credit ({credit} available)',
  'pay.card': 'Card ending {last4}',
  'pay.noCard': 'No saved card yet: pay from credit or at the lesson.',
  'pay.submit': 'Pay {amount}',
  'pay.paid': 'Paid. Thank you — your invoice is ready.',
  'pay.isPaid': 'Paid',
  'invoices.title': 'Invoices',
  'invoices.none': 'No invoices yet.',
  'invoices.download': 'Download {number} (PDF)',
  'error.title': 'Something went wrong',
  'error.notFound': 'There is nothing here.',
  'offline.banner': 'You are offline: this is what was saved on this device.',
} as const;

export type MessageKey = keyof typeof enGB;

const enUS: Partial<Record<MessageKey, string>> = {
  'landing.slug': 'Your school’s web name',
  'home.credit': 'Lesson credit',
  'home.outstanding': 'Balance due',
  'book.payLater': 'Pay at the lesson',
  'bookings.cancelFee': 'Canceling now costs {fee} under the school’s policy.',
  'bookings.cancelFree': 'Canceling now is free.',
  'bookings.cancel': 'Cancel lesson',
  'bookings.cancelConfirm': 'Yes, cancel this lesson',
  'bookings.cancelled': 'Lesson canceled.',
  'status.cancelled': 'Canceled',
};

const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { 'en-GB': enGB, 'en-US': enUS };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: string): Translate {
  const own = catalogs[locale] ?? {};
  return (key, vars) => {
    const text = own[key] ?? enGB[key];
    return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
  };
}
