/** The school's look in email: name, colour and logo from the tenant's branding. */
export type Branding = { name: string; primaryColor?: string | undefined; logoUrl?: string | undefined };

const DEFAULT_COLOUR = '#1d4ed8';

export const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Only a hex colour reaches the style attribute; anything else in branding falls back. */
const safeColour = (c: string | undefined) => (c && /^#[0-9a-f]{3,8}$/i.test(c) ? c : DEFAULT_COLOUR);
const safeUrl = (u: string | undefined) => (u && /^https?:\/\/[^\s"'<>]+$/i.test(u) ? u : undefined);

/**
 * Already-escaped text (the HTML engine's output) as paragraphs: blank lines split paragraphs,
 * single newlines become breaks. A bare link line is dropped here: the button carries it.
 */
export function paragraphs(escapedText: string, link: string): string {
  return escapedText
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && p !== escapeHtml(link))
    .map((p) => `<p style="margin:0 0 16px;line-height:1.5">${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * The branded HTML email around a rendered body: a header in the school's colour with its logo or
 * name, the body, one button to the page the notice is about, and a footer saying where to change
 * what one receives. Inline styles only (mail clients drop <style> blocks).
 */
export function brandedEmail(input: {
  branding: Branding;
  subject: string;
  bodyHtml: string;
  link: string;
  preferencesUrl: string;
  lang: string;
}): string {
  const colour = safeColour(input.branding.primaryColor);
  const logo = safeUrl(input.branding.logoUrl);
  const name = escapeHtml(input.branding.name);
  const header = logo
    ? `<img src="${escapeHtml(logo)}" alt="${name}" style="max-height:48px">`
    : `<span style="font-size:20px;font-weight:bold;color:#ffffff">${name}</span>`;
  const button = /^https?:\/\//.test(input.link)
    ? `<p style="margin:24px 0"><a href="${escapeHtml(input.link)}" style="background:${colour};color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">Open in ${name}</a></p>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(input.lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(input.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111827">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${colour};padding:16px 24px">${header}</td></tr>
<tr><td style="padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(input.subject)}</h1>
${input.bodyHtml}
${button}
</td></tr>
<tr><td style="padding:16px 24px;font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb">
Sent by ${name}. <a href="${escapeHtml(input.preferencesUrl)}" style="color:#6b7280">Choose what you receive</a>.
</td></tr>
</table></td></tr></table>
</body></html>`;
}
