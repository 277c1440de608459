/**
 * The reminder's calendar file (RFC 5545): one VEVENT with the lesson's times in UTC. Its UID is the
 * lesson's calendar event's, the same as the school's calendar feed uses for the lesson, so importing the reminder
 * updates the entry a subscribed calendar already has instead of adding a second one.
 */
const utc = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** RFC 5545 TEXT: line breaks (a lone CR too) as `\n`, other control characters dropped. */
const text = (value: string) =>
  value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping them is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

/** Folds at 75 octets, never inside a UTF-8 sequence. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end -= 1;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74;
  }
  return parts.join('\r\n ');
}

export function reminderIcs(input: {
  calendarEventId: string;
  start: string;
  end: string;
  summary: string;
  description: string;
  now: Date;
}): { filename: string; contentType: string; contentBase64: string } {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Dualcontrol//Reminders//EN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${input.calendarEventId}@dualcontrol`,
    `DTSTAMP:${utc(input.now)}`,
    `DTSTART:${utc(new Date(input.start))}`,
    `DTEND:${utc(new Date(input.end))}`,
    `SUMMARY:${text(input.summary)}`,
    `DESCRIPTION:${text(input.description)}`,
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  const ics = `${lines.map(fold).join('\r\n')}\r\n`;
  return {
    filename: 'lesson.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    contentBase64: Buffer.from(ics, 'utf8').toString('base64'),
  };
}
