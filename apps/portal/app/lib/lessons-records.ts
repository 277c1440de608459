/** Shapes of the lessons module's documents, tests, goals and materials (see /api/openapi.json). */
export const DOCUMENT_CATEGORIES = [
  'licence',
  'theory_certificate',
  'eyesight',
  'id',
  'instructor_badge',
  'background_check',
  'insurance',
] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];
/** What a learner carries; an instructor adds their own papers too. */
export const STUDENT_CATEGORIES: readonly DocumentCategory[] = [
  'licence',
  'theory_certificate',
  'eyesight',
  'id',
];
export const INSTRUCTOR_CATEGORIES: readonly DocumentCategory[] = [
  'instructor_badge',
  'background_check',
  'insurance',
  'licence',
  'id',
];

export type DocumentRecord = {
  id: string;
  userId: string;
  category: DocumentCategory;
  title: string | null;
  reference: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  createdAt: string;
};

/** A document within this many days of its expiry is flagged (the same window the office lists). */
export const EXPIRY_WARNING_DAYS = 30;

export type ExpiryState = { state: 'expired' | 'expiring' | 'valid' | 'none'; daysLeft: number | null };

/** How a document stands on `today` (the school's calendar day). */
export function expiryState(expiresOn: string | null, today: string): ExpiryState {
  if (!expiresOn) return { state: 'none', daysLeft: null };
  const daysLeft = Math.round(
    (Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
  if (daysLeft < 0) return { state: 'expired', daysLeft };
  return { state: daysLeft <= EXPIRY_WARNING_DAYS ? 'expiring' : 'valid', daysLeft };
}

export type Faults = { skillId: string; driving: number; serious: number; dangerous: number }[];

export type TestRecord = {
  id: string;
  kind: 'theory' | 'practical';
  testOn: string;
  centreLocationId: string | null;
  status: 'booked' | 'passed' | 'failed' | 'cancelled' | 'no_show';
  faults: Faults;
  drivingFaults: number | null;
  seriousFaults: number | null;
  dangerousFaults: number | null;
  notes: string | null;
};

export type MockTest = {
  id: string;
  studentId: string;
  instructorId: string | null;
  takenAt: string;
  faults: Faults;
  drivingFaults: number;
  seriousFaults: number;
  dangerousFaults: number;
  upgradedFaults: number;
  result: 'pass' | 'fail';
  summary: string | null;
};

export type Goal = {
  id: string;
  title: string;
  targetTestOn: string | null;
  weeklyLessons: number | null;
  skillIds: string[];
  targetLevel: number;
  status: 'active' | 'reached' | 'abandoned';
  reachedAt: string | null;
  skillsAtTarget: number;
};

export type Material = {
  id: string;
  lessonId: string | null;
  kind: 'link' | 'file' | 'reading';
  title: string;
  url: string | null;
  description: string | null;
  createdAt: string;
};

/** A date (YYYY-MM-DD) in words, as a calendar day (no zone shift). */
export function formatCalendarDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}
