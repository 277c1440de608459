import type { Tx } from '@dualcontrol/db';
import { AppError, notFound } from '@dualcontrol/platform';
import { and, desc, eq, sql } from 'drizzle-orm';
import { readSchool } from '../notifications/people.ts';
import { type Channel, notificationTemplates, type RenderedMessage } from '../notifications/schema.ts';
import { RULES, sendingRule } from '../rules/catalog.ts';
import { COMMON_VARIABLES, type SendingRule } from '../rules/rule.ts';
import { defaultTemplate, type TemplateSource, templateLocale } from './defaults.ts';
import { checkTemplatePart, htmlEngine, type TemplateProblem } from './engine.ts';
import { allowedVariables, renderMessage } from './render.ts';
import { SAMPLE_VALUES } from './samples.ts';

export type TemplateKey = { eventType: string; channel: Channel; locale: string };

function ruleOr404(eventType: string): SendingRule<unknown> {
  const rule = sendingRule(eventType);
  if (!rule) {
    throw notFound(
      'messaging.unknown_event_type',
      RULES[eventType]
        ? `${eventType} notifies no one, so it has no templates.`
        : `No event type ${eventType} is notified.`,
    );
  }
  return rule;
}

function localeOr404(locale: string) {
  if (templateLocale(locale) !== locale)
    throw notFound('messaging.unknown_locale', `No templates in ${locale}.`);
}

/** Every event that sends something, with what its templates may and must use. */
export function listTemplateEvents() {
  return Object.entries(RULES)
    .filter((entry): entry is [string, SendingRule<unknown>] => entry[1].kind === 'send')
    .map(([eventType, rule]) => ({
      eventType,
      group: rule.group,
      defaultChannels: [...rule.channels],
      variables: [...COMMON_VARIABLES, ...rule.variables],
      required: [...(rule.required ?? [])],
      digest: rule.digest !== undefined,
    }));
}

/**
 * Save-time validation: syntax, unknown names (each refused with the part it is in) and the
 * names this event's templates must use. Problems answer 422 naming the field, so a broken
 * template never reaches anyone.
 */
export function validateTemplate(eventType: string, source: TemplateSource) {
  const rule = ruleOr404(eventType);
  const allowed = allowedVariables(eventType);
  const problems: TemplateProblem[] = [];
  const used = new Set<string>();
  const parts: [string, string | null, typeof htmlEngine | undefined][] = [
    ['body.subject', source.subject, undefined],
    ['body.body', source.body, undefined],
    ['body.html', source.html, htmlEngine],
  ];
  for (const [path, text, engine] of parts) {
    if (text === null) continue;
    const checked = checkTemplatePart(path, text, allowed, engine);
    problems.push(...checked.problems);
    for (const name of checked.used) used.add(name);
  }
  for (const name of rule.required ?? []) {
    if (!used.has(name)) problems.push({ path: 'body.body', message: `must use the variable "${name}"` });
  }
  if (problems.length > 0) {
    throw new AppError('messaging.invalid_template', {
      status: 422,
      title: 'Template not valid',
      detail: `The template cannot be used: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      fields: problems,
    });
  }
}

const versionView = (r: typeof notificationTemplates.$inferSelect) => ({
  id: r.id,
  version: r.version,
  subject: r.subject,
  body: r.body,
  html: r.html,
  active: r.active,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

const keyWhere = (tenantId: string, key: TemplateKey) =>
  and(
    eq(notificationTemplates.tenantId, tenantId),
    eq(notificationTemplates.eventType, key.eventType),
    eq(notificationTemplates.channel, key.channel),
    eq(notificationTemplates.locale, key.locale),
  );

/** One event × channel × locale: the shipped default, every saved version, which one is in use. */
export async function getTemplate(tx: Tx, tenantId: string, key: TemplateKey) {
  ruleOr404(key.eventType);
  localeOr404(key.locale);
  const rows = await tx
    .select()
    .from(notificationTemplates)
    .where(keyWhere(tenantId, key))
    .orderBy(desc(notificationTemplates.version));
  const active = rows.find((r) => r.active);
  return {
    ...key,
    default: defaultTemplate(key.eventType, key.channel, key.locale),
    activeVersion: active?.version ?? null,
    versions: rows.map(versionView),
  };
}

/** Saves a new version (validated first) and, unless told otherwise, makes it the one in use. */
export async function saveTemplate(
  tx: Tx,
  tenantId: string,
  userId: string,
  key: TemplateKey,
  input: { subject: string; body: string; html?: string | null | undefined; activate?: boolean | undefined },
) {
  ruleOr404(key.eventType);
  localeOr404(key.locale);
  const source = { subject: input.subject, body: input.body, html: input.html ?? null };
  validateTemplate(key.eventType, source);
  // Versions of one key are numbered in order; the lock makes two saves at once take 1 and 2.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`templates:${tenantId}:${key.eventType}:${key.channel}:${key.locale}`}, 0))`,
  );
  const [last] = await tx
    .select({ version: notificationTemplates.version })
    .from(notificationTemplates)
    .where(keyWhere(tenantId, key))
    .orderBy(desc(notificationTemplates.version))
    .limit(1);
  const activate = input.activate ?? true;
  if (activate) await tx.update(notificationTemplates).set({ active: false }).where(keyWhere(tenantId, key));
  const [row] = await tx
    .insert(notificationTemplates)
    .values({
      tenantId,
      ...key,
      version: (last?.version ?? 0) + 1,
      ...source,
      active: activate,
      createdBy: userId,
    })
    .returning();
  return versionView(row!);
}

/** Puts one saved version in use (any other of the key is taken out of use). */
export async function activateTemplate(tx: Tx, tenantId: string, key: TemplateKey, version: number) {
  ruleOr404(key.eventType);
  localeOr404(key.locale);
  const [row] = await tx
    .select({ id: notificationTemplates.id })
    .from(notificationTemplates)
    .where(and(keyWhere(tenantId, key), eq(notificationTemplates.version, version)));
  if (!row) throw notFound('messaging.template_version_not_found', `No version ${version} of this template.`);
  await tx.update(notificationTemplates).set({ active: false }).where(keyWhere(tenantId, key));
  await tx
    .update(notificationTemplates)
    .set({ active: true })
    .where(and(eq(notificationTemplates.tenantId, tenantId), eq(notificationTemplates.id, row.id)));
  return getTemplate(tx, tenantId, key);
}

/** Back to the shipped default: every saved version kept, none in use. */
export async function revertTemplate(tx: Tx, tenantId: string, key: TemplateKey) {
  ruleOr404(key.eventType);
  localeOr404(key.locale);
  await tx.update(notificationTemplates).set({ active: false }).where(keyWhere(tenantId, key));
  return getTemplate(tx, tenantId, key);
}

/**
 * Renders a template (the one given, else the one in use) with sample data, in the school's
 * branded layout for email: what the admin sees before saving. Validated like a save.
 */
export async function previewTemplate(
  tx: Tx,
  tenantId: string,
  key: TemplateKey,
  source: { subject: string; body: string; html?: string | null | undefined } | undefined,
): Promise<RenderedMessage> {
  const rule = ruleOr404(key.eventType);
  localeOr404(key.locale);
  let template: TemplateSource;
  if (source) {
    template = { subject: source.subject, body: source.body, html: source.html ?? null };
    validateTemplate(key.eventType, template);
  } else {
    const current = await getTemplate(tx, tenantId, key);
    const active = current.versions.find((v) => v.active);
    template = active ? { subject: active.subject, body: active.body, html: active.html } : current.default;
  }
  const school = await readSchool(tx, tenantId);
  const path = '/notifications';
  const vars: Record<string, unknown> = {};
  for (const name of [...COMMON_VARIABLES, ...rule.variables]) vars[name] = SAMPLE_VALUES[name];
  Object.assign(vars, { 'school.name': school.name, 'school.url': school.url, link: `${school.url}${path}` });
  return renderMessage({
    template,
    channel: key.channel,
    locale: key.locale,
    vars,
    branding: school.branding,
    path,
    preferencesUrl: `${school.url}/notifications/preferences`,
  });
}
