import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';

/**
 * Why DOMPurify on jsdom: DOMPurify is the sanitiser browsers' own security teams test against,
 * and jsdom is the DOM it supports on a server. Its SVG profile keeps drawing elements only; on
 * top of it we refuse everything a logo never needs and that can reach out or run code:
 * scripts and event handlers (DOMPurify already), <foreignObject> (embeds HTML), <style> (can
 * load URLs and hide content), <image>/<use>/<a> pointing anywhere but inside the file itself,
 * and any `url(...)` that is not a `#fragment`. What we store is the one <svg> left, written
 * out as a standalone XML file.
 */
const window = new JSDOM('').window;
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);

const SVG_NS = 'http://www.w3.org/2000/svg';
const FORBID_TAGS = ['foreignObject', 'style', 'script', 'iframe', 'embed', 'object', 'animate', 'set'];
/** Attributes whose value is a reference: only `#id` (inside this file) may stay. */
const REFERENCE_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'action', 'formaction']);

purify.addHook('uponSanitizeAttribute', (_node, data) => {
  const name = data.attrName.toLowerCase();
  const value = data.attrValue.trim();
  if (REFERENCE_ATTRIBUTES.has(name) && !value.startsWith('#')) data.keepAttr = false;
  // url(#gradient) is how fills refer to a gradient; url(http…) or url(data:…) loads something.
  for (const match of value.matchAll(/url\s*\(\s*(['"]?)([^)'"]*)\1\s*\)/gi))
    if (!match[2]!.trim().startsWith('#')) data.keepAttr = false;
  if (/@import|expression\s*\(|javascript:/i.test(value)) data.keepAttr = false;
});

export class SvgRejected extends Error {}

/** A clean, standalone SVG document from untrusted SVG text; throws SvgRejected when there is no <svg> left. */
export function sanitizeSvg(text: string): string {
  // The prolog goes first: an XML declaration or DOCTYPE cannot stand inside the document DOMPurify
  // parses into, and a DOCTYPE's internal subset is where entity bombs live. Entities it declared
  // are then undefined, so such a file fails to parse and is refused.
  const body = text
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/gi, '')
    .replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/gi, '');
  // Parsed as HTML, whose parser puts <svg> in the SVG namespace with SVG's own camelCase names
  // (viewBox, linearGradient), which DOMPurify's lists are written for; then written out as XML.
  const fragment = purify.sanitize(body, {
    USE_PROFILES: { svg: true, svgFilters: true },
    FORBID_TAGS,
    RETURN_DOM_FRAGMENT: true,
  });
  const roots = [...fragment.children];
  const root = roots[0];
  if (roots.length !== 1 || !root || root.localName !== 'svg' || root.namespaceURI !== SVG_NS)
    throw new SvgRejected('no SVG drawing is left once scripts and external references are removed');
  // A logo is shown at the header's size: keep its own viewBox, let the page choose the size.
  if (!root.hasAttribute('viewBox')) {
    const w = Number.parseFloat(root.getAttribute('width') ?? '');
    const h = Number.parseFloat(root.getAttribute('height') ?? '');
    if (w > 0 && h > 0) root.setAttribute('viewBox', `0 0 ${w} ${h}`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new window.XMLSerializer().serializeToString(root)}\n`;
}
