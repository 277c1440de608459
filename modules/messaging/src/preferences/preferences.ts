import { type Tx, userPreferences } from '@dualcontrol/db';
import { z } from '@hono/zod-openapi';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { DateTime, IANAZone } from 'luxon';
import { CHANNELS } from '../notifications/schema.ts';
import { EVENT_GROUPS } from '../rules/rule.ts';

/** Reminder offsets the booking workflow sends by default (scheduling's DEFAULT_REMINDER_MINUTES). */
export const DEFAULT_REMINDER_MINUTES = [1440, 120];
export const DEFAULT_DIGEST_MINUTES = 30;

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM (24-hour)');
const Zone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone (e.g. Europe/London)');
const ChannelList = z
  .array(z.enum(CHANNELS))
  .max(CHANNELS.length)
  .refine((l) => new Set(l).size === l.length, 'a channel is listed twice');

/**
 * A person's notification choices, stored in user_preferences.notifications. A group left out
 * uses each rule's default channels; an empty list turns the group off.
 */
export const NotificationPreferencesSchema = z
  .strictObject({
    channels: z.strictObject(
      Object.fromEntries(EVENT_GROUPS.map((g) => [g, ChannelList.optional()])) as {
        [K in (typeof EVENT_GROUPS)[number]]: z.ZodOptional<typeof ChannelList>;
      },
    ),
    reminders: z.strictObject({
      minutesBefore: z
        .array(
          z
            .number()
            .int()
            .min(15)
            .max(7 * 1440),
        )
        .max(4)
        .refine((l) => new Set(l).size === l.length, 'an offset is listed twice'),
    }),
    quietHours: z
      .strictObject({ start: Clock, end: Clock, zone: Zone })
      .refine((q) => q.start !== q.end, { message: 'start and end must differ', path: ['end'] })
      .nullable(),
    digest: z.strictObject({
      windowMinutes: z
        .number()
        .int()
        .min(0)
        .max(24 * 60),
    }),
  })
  .openapi('NotificationPreferences');
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

export const DEFAULT_PREFERENCES: NotificationPreferences = {
  channels: {},
  reminders: { minutesBefore: DEFAULT_REMINDER_MINUTES },
  quietHours: null,
  digest: { windowMinutes: DEFAULT_DIGEST_MINUTES },
};

/**
 * What is stored, read leniently: each part that does not parse (an older shape, a hand edit)
 * falls back to its default instead of silencing a person's notifications altogether.
 */
export function parseStored(stored: unknown): NotificationPreferences {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const shape = NotificationPreferencesSchema.shape;
  const part = <K extends keyof NotificationPreferences>(key: K): NotificationPreferences[K] => {
    const parsed = (shape[key] as z.ZodType).safeParse(raw[key]);
    return parsed.success ? (parsed.data as NotificationPreferences[K]) : DEFAULT_PREFERENCES[key];
  };
  return {
    channels: part('channels'),
    reminders: part('reminders'),
    quietHours: part('quietHours'),
    digest: part('digest'),
  };
}

/** What the fan-out needs to know of a person: their choices, language and zone. */
export type PersonSettings = {
  preferences: NotificationPreferences;
  locale: string | null;
  timezone: string | null;
  /** Whether they chose reminder times (else every reminder the school's workflow sends is theirs). */
  remindersChosen: boolean;
};

export async function readPeopleSettings(tx: Tx, tenantId: string, userIds: string[]) {
  const out = new Map<string, PersonSettings>();
  for (let i = 0; i < userIds.length; i += 5000) {
    const rows = await tx
      .select({
        userId: userPreferences.userId,
        locale: userPreferences.locale,
        timezone: userPreferences.timezone,
        notifications: userPreferences.notifications,
      })
      .from(userPreferences)
      .where(
        and(
          eq(userPreferences.tenantId, tenantId),
          inArray(userPreferences.userId, userIds.slice(i, i + 5000)),
        ),
      );
    for (const r of rows)
      out.set(r.userId, {
        preferences: parseStored(r.notifications),
        locale: r.locale,
        timezone: r.timezone,
        remindersChosen: NotificationPreferencesSchema.shape.reminders.safeParse(r.notifications?.reminders)
          .success,
      });
  }
  return out;
}

export async function readOwnPreferences(tx: Tx, tenantId: string, userId: string) {
  const settings = (await readPeopleSettings(tx, tenantId, [userId])).get(userId);
  return settings?.preferences ?? DEFAULT_PREFERENCES;
}

/** Saves the whole shape (an upsert: someone who signed themself up may have no row yet). */
export async function saveOwnPreferences(
  tx: Tx,
  tenantId: string,
  userId: string,
  prefs: NotificationPreferences,
) {
  await tx
    .insert(userPreferences)
    .values({ tenantId, userId, notifications: prefs })
    .onConflictDoUpdate({
      target: [userPreferences.tenantId, userPreferences.userId],
      set: { notifications: prefs, updatedAt: sql`now()` },
    });
  return prefs;
}

/**
 * When quiet hours that cover `now` end, or null when `now` is outside them. Computed in the
 * person's zone, so "22:00–07:00" follows them across daylight-saving changes.
 */
export function quietHoursEnd(now: Date, quiet: NotificationPreferences['quietHours']): Date | null {
  if (!quiet) return null;
  const local = DateTime.fromJSDate(now, { zone: quiet.zone });
  const at = (clock: string, plusDays = 0) => {
    const [h, m] = clock.split(':').map(Number);
    return local.plus({ days: plusDays }).set({ hour: h!, minute: m!, second: 0, millisecond: 0 });
  };
  const start = at(quiet.start);
  const end = at(quiet.end);
  if (quiet.start < quiet.end) return local >= start && local < end ? end.toJSDate() : null;
  // Over midnight: quiet from start today to end tomorrow, or from yesterday until end today.
  if (local >= start) return at(quiet.end, 1).toJSDate();
  if (local < end) return end.toJSDate();
  return null;
}
