/** The instructor's pages: diary, hours. */
export const instructorGB = {
  'nav.diary': 'Diary',
  'diary.title': 'Diary',
  'diary.today': 'Today',
  'diary.week': 'This week',
  'diary.pending': 'Waiting for you',
  'diary.confirm': 'Confirm',
  'diary.reject': 'Reject',
  'diary.empty': 'Nothing booked.',
  'nav.hours': 'My hours',
  'nav.students': 'My students',
  'nav.vehicles': 'Vehicles',
  'nav.earnings': 'Earnings',
} as const;

/** en-US where American schools say it differently; anything missing falls back to en-GB. */
export const instructorUS: Partial<Record<keyof typeof instructorGB, string>> = {};
