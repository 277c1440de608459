import type { Tx } from '@dualcontrol/db';
import { and, desc, eq } from 'drizzle-orm';
import { type Channel, notificationTemplates, type RenderedMessage } from '../notifications/schema.ts';
import { sendingRule } from '../rules/catalog.ts';
import { COMMON_VARIABLES } from '../rules/rule.ts';
import { nest } from '../rules/variables.ts';
import { defaultTemplate, type TemplateSource, templateLocale } from './defaults.ts';
import { htmlEngine, renderPart } from './engine.ts';
import { type Branding, brandedEmail, paragraphs } from './layout.ts';

/** The names a template of this event may use (the common ones and the rule's own). */
export function allowedVariables(eventType: string): Set<string> {
  const rule = sendingRule(eventType);
  return new Set([...COMMON_VARIABLES, ...(rule?.variables ?? [])]);
}

export type ChosenTemplate = TemplateSource & { version: number | null; id: string | null };

/**
 * The school's active versions of one event's templates, keyed `channel:locale`. At most one
 * version per key is active (activating one deactivates the others); none: the shipped default.
 */
export async function activeTemplates(tx: Tx, tenantId: string, eventType: string) {
  const rows = await tx
    .select()
    .from(notificationTemplates)
    .where(
      and(
        eq(notificationTemplates.tenantId, tenantId),
        eq(notificationTemplates.eventType, eventType),
        eq(notificationTemplates.active, true),
      ),
    )
    .orderBy(desc(notificationTemplates.version));
  const byKey = new Map<string, ChosenTemplate>();
  for (const r of rows) {
    const key = `${r.channel}:${r.locale}`;
    if (!byKey.has(key))
      byKey.set(key, { subject: r.subject, body: r.body, html: r.html, version: r.version, id: r.id });
  }
  return {
    pick(channel: Channel, locale: string): ChosenTemplate {
      const lang = templateLocale(locale);
      return (
        byKey.get(`${channel}:${lang}`) ?? {
          ...defaultTemplate(eventType, channel, lang),
          version: null,
          id: null,
        }
      );
    },
  };
}

export type RenderInput = {
  template: TemplateSource;
  channel: Channel;
  locale: string;
  /** Flat dotted names → values (rules/variables.ts). */
  vars: Record<string, unknown>;
  branding: Branding;
  /** The relative portal path (stored as `url`); `vars.link` is its absolute form. */
  path: string;
  preferencesUrl: string;
};

/** One channel's message, rendered now (fan-out time) so the dispatcher only sends. */
export function renderMessage(input: RenderInput): RenderedMessage {
  const scope = nest(input.vars);
  const subject = renderPart(input.template.subject, scope).trim();
  const text = renderPart(input.template.body, scope).trim();
  const message: RenderedMessage = { subject, text, url: input.path };
  if (input.channel === 'email') {
    const link = String(input.vars.link ?? '');
    const bodyHtml = input.template.html
      ? renderPart(input.template.html, scope, htmlEngine)
      : paragraphs(renderPart(input.template.body, scope, htmlEngine), link);
    message.html = brandedEmail({
      branding: input.branding,
      subject,
      bodyHtml,
      link,
      preferencesUrl: input.preferencesUrl,
      lang: templateLocale(input.locale),
    });
  }
  return message;
}
