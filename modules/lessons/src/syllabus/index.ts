import { AU_COMPETENCY } from './au-competency.ts';
import type { SyllabusTemplate, TemplateId } from './template.ts';
import { UK_DVSA } from './uk-dvsa.ts';
import { US_DRIVER_ED } from './us-driver-ed.ts';

export { type SyllabusTemplate, TEMPLATE_IDS, type TemplateId } from './template.ts';

export const SYLLABUS_TEMPLATES: Readonly<Record<TemplateId, SyllabusTemplate>> = {
  uk: UK_DVSA,
  us: US_DRIVER_ED,
  au: AU_COMPETENCY,
};

/**
 * The template a school starts from. Schools record no country, so it is read from where the
 * school is: its time zone first (where it drives), then its currency, then its locale; the UK
 * syllabus (the most complete) when none of them says.
 *   Australia/* · AUD · en-AU → au;  America/*, US/* · USD · en-US → us;  otherwise → uk.
 */
export function templateForSchool(school: {
  timezone: string;
  currency: string;
  locale: string;
}): TemplateId {
  const zone = school.timezone;
  if (zone.startsWith('Australia/')) return 'au';
  if (zone.startsWith('America/') || zone.startsWith('US/') || zone === 'Pacific/Honolulu') return 'us';
  if (zone.startsWith('Europe/')) return 'uk';
  if (school.currency === 'AUD') return 'au';
  if (school.currency === 'USD') return 'us';
  if (school.currency === 'GBP') return 'uk';
  if (/-AU$/i.test(school.locale)) return 'au';
  if (/-US$/i.test(school.locale)) return 'us';
  return 'uk';
}
