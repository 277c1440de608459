import {
  brandCss,
  brandTokens,
  contrast,
  fillWithText,
  PAGE_BACKGROUND,
} from '@dualcontrol/portal/brand-colours';
import { describe, expect, it } from 'vitest';

const WHITE = '#ffffff';

describe('brand colours with accessible contrast', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrast('#000000', WHITE)).toBeCloseTo(21, 5);
    expect(contrast(WHITE, WHITE)).toBeCloseTo(1, 5);
    // A known pair: #767676 on white is the classic 4.54:1.
    expect(contrast('#767676', WHITE)).toBeCloseTo(4.54, 2);
  });

  it('keeps a dark brand as it is, with white text on it', () => {
    const t = brandTokens('#1e3a8a', '#b45309');
    expect(t['--brand']).toBe('#1e3a8a');
    expect(t['--on-brand']).toBe(WHITE);
    expect(t['--brand-ink']).toBe('#1e3a8a');
  });

  // Every school colour, however light, ends in tokens that read where styles.css uses them.
  const COLOURS = [
    '#1f6feb',
    '#f59e0b',
    '#ffff00',
    '#ffffff',
    '#22c55e',
    '#e11d48',
    '#000000',
    '#0ea5e9',
    '#abc',
  ];
  it.each(COLOURS)('%s: every token meets its contrast', (colour) => {
    const t = brandTokens(colour, colour);
    expect(contrast(t['--on-brand'], t['--brand'])).toBeGreaterThanOrEqual(4.5);
    expect(contrast(t['--on-accent'], t['--accent'])).toBeGreaterThanOrEqual(4.5);
    for (const surface of [WHITE, PAGE_BACKGROUND]) {
      expect(contrast(t['--brand-ink'], surface)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(t['--accent-ink'], surface)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(t['--focus'], surface)).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives an amber accent dark text rather than white, and a darker shade for text on white', () => {
    // Northside's accent: white on it is about 2.1:1.
    expect(contrast(WHITE, '#f59e0b')).toBeLessThan(4.5);
    expect(fillWithText('#f59e0b')).toEqual({ fill: '#f59e0b', text: '#111827' });
    const t = brandTokens('#1f6feb', '#f59e0b');
    expect(t['--accent-ink']).not.toBe('#f59e0b');
    expect(contrast(t['--accent-ink'], WHITE)).toBeGreaterThanOrEqual(4.5);
  });

  it('darkens a brand that neither white nor dark text can read on', () => {
    // A mid grey-blue: white ~3.9:1, near-black ~4.3:1.
    const mid = '#5b7a99';
    expect(contrast(WHITE, mid)).toBeLessThan(4.5);
    const { fill, text } = fillWithText(mid);
    expect(contrast(text, fill)).toBeGreaterThanOrEqual(4.5);
  });

  it('falls back to the platform colours for a missing or malformed colour, never broken CSS', () => {
    expect(brandTokens(null, undefined)['--brand']).toBe('#1e3a8a');
    const css = brandCss('red;}body{display:none', '#b45309');
    expect(css).not.toContain('display:none');
    expect(css).toMatch(/^:root\{--brand:#1e3a8a;/);
  });
});
