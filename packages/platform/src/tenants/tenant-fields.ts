import { z } from '@hono/zod-openapi';

const RESERVED_SLUGS = new Set([
  'www',
  'api',
  'app',
  'admin',
  'platform',
  'mail',
  'static',
  'assets',
  'docs',
]);

const zones = new Set(Intl.supportedValuesOf('timeZone'));
const currencies = new Set(Intl.supportedValuesOf('currency'));

function isTimeZone(value: string): boolean {
  if (zones.has(value)) return true;
  try {
    // Accepts valid aliases (e.g. "UTC", "Asia/Calcutta") that supportedValuesOf leaves out.
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export const SlugSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,62}$/,
    'lowercase letters, digits and "-", starting with a letter (2–63 characters)',
  )
  .refine((s) => !RESERVED_SLUGS.has(s), 'this name is reserved')
  .openapi({ example: 'northside' });

export const TimezoneSchema = z
  .string()
  .refine(isTimeZone, 'not an IANA time zone (e.g. "Europe/London")')
  .openapi({ example: 'Europe/London' });

export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "GBP"')
  .refine((c) => currencies.has(c), 'not an ISO 4217 currency')
  .openapi({ example: 'GBP' });

export const LocaleSchema = z
  .string()
  .refine(isLocale, 'not a BCP 47 locale (e.g. "en-GB")')
  .openapi({ example: 'en-GB' });

export const ColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like "#1f6feb"');

export const EmailSchema = z
  .email('not an email address')
  .max(254)
  .transform((e) => e.toLowerCase())
  .openapi({ example: 'sam@example.com' });

export const NameSchema = z.string().trim().min(1, 'required').max(200);
