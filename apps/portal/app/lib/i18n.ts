import { adminGB, adminUS } from './messages/admin.ts';
import { analyticsGB, analyticsUS } from './messages/analytics.ts';
import { commonGB, commonUS } from './messages/common.ts';
import { crmGB, crmUS } from './messages/crm.ts';
import { devicesGB, devicesUS } from './messages/devices.ts';
import { guardianGB, guardianUS } from './messages/guardian.ts';
import { instructorGB, instructorUS } from './messages/instructor.ts';
import { lessonsPagesGB, lessonsPagesUS } from './messages/lessons-pages.ts';
import { lookGB, lookUS } from './messages/look.ts';
import { messagingGB, messagingUS } from './messages/messaging.ts';
import { notificationsGB, notificationsUS } from './messages/notifications.ts';
import { onboardingGB, onboardingUS } from './messages/onboarding.ts';
import { operatorGB, operatorUS } from './messages/operator.ts';
import { studentGB, studentUS } from './messages/student.ts';

/**
 * Every word the portal shows, per locale. en-US differs from en-GB where schools there speak
 * differently (road test, instructor's car); other locales fall back to en-GB.
 * One catalog per area (messages/*.ts), so the pages of one area never touch another's words.
 */
const enGB = {
  ...commonGB,
  ...studentGB,
  ...instructorGB,
  ...adminGB,
  ...operatorGB,
  ...lessonsPagesGB,
  ...guardianGB,
  ...notificationsGB,
  ...messagingGB,
  ...crmGB,
  ...devicesGB,
  ...analyticsGB,
  ...onboardingGB,
  ...lookGB,
};

export type MessageKey = keyof typeof enGB;

const enUS: Partial<Record<MessageKey, string>> = {
  ...commonUS,
  ...studentUS,
  ...instructorUS,
  ...adminUS,
  ...operatorUS,
  ...lessonsPagesUS,
  ...guardianUS,
  ...notificationsUS,
  ...messagingUS,
  ...crmUS,
  ...devicesUS,
  ...analyticsUS,
  ...onboardingUS,
  ...lookUS,
};

const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { 'en-GB': enGB, 'en-US': enUS };

/** The languages a person may choose on their profile (the API accepts the same ones). */
export const LANGUAGES = Object.keys(catalogs);

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: string): Translate {
  const own = catalogs[locale] ?? {};
  return (key, vars) => {
    const text = own[key] ?? enGB[key];
    return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
  };
}

/** For words picked at run time (e.g. a figure the API names): is there a message for it? */
export const isMessageKey = (key: string): key is MessageKey => key in enGB;
