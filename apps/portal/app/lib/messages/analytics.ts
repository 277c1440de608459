/** The analytics reports pages (office). */
export const analyticsGB = {
  'reports.title': 'Reports',
  'reports.intro': 'Your school’s figures, kept up to date from what happens in the portal.',
  'reports.nav': 'Reports',
  'reports.utilisation': 'Utilisation per instructor',
  'reports.cancellations': 'Cancellations and no-shows',
  'reports.pass-rate': 'Pass rate',
  'reports.lessons-to-pass': 'Lessons and hours to pass',
  'reports.revenue': 'Revenue',
  'reports.enquiry-funnel': 'Enquiry funnel',
  'reports.cohort-retention': 'Cohort retention',
  'reports.from': 'From',
  'reports.to': 'To',
  'reports.period': 'Group by',
  'reports.period.day': 'Day',
  'reports.period.week': 'Week',
  'reports.period.month': 'Month',
  'reports.show': 'Show',
  'reports.csv': 'Download as CSV',
  'reports.table': 'Figures',
  'reports.none': 'No data',
  'reports.off': 'The analytics module is off for this school.',
} as const;

/** en-US where American schools say it differently; anything missing falls back to en-GB. */
export const analyticsUS: Partial<Record<keyof typeof analyticsGB, string>> = {
  'reports.pass-rate': 'Road test pass rate',
};
