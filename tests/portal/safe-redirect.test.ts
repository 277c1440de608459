import { safeRedirectPath } from '@dualcontrol/portal/safe-redirect';
import { describe, expect, it } from 'vitest';

const HOME = '/home';

// Each of these has taken a browser to another site from a `?next=` somewhere (most after the query
// string's own decoding, which URLSearchParams.get does before our code sees the value).
const BYPASSES = [
  '/\\evil.example', // ?next=/\evil.example: browsers read `\` as `/`
  '/\t/evil.example', // ?next=/%09/evil.example: browsers drop tabs, leaving //evil.example
  '/%09/evil.example', // the same, encoded twice
  '//evil.example',
  '/\\/evil.example',
  '\\/evil.example',
  '\\\\evil.example',
  '/\tevil',
  '/\nevil.example',
  '/\r\n/evil.example',
  '/%0a/evil.example',
  '/%0d%0a/evil.example',
  '/%5cevil.example',
  '/%5Cevil.example',
  '/%2F/evil.example',
  '/%2f%2fevil.example',
  '%2F%2Fevil.example',
  '/.//evil.example',
  '/./\\evil.example',
  '/../\\evil.example',
  '/..//evil.example',
  ' /evil',
  '/evil ',
  '\u0000/evil.example',
  '/\u0000/evil.example',
  '/\u00a0/evil.example',
  'https://evil.example',
  'http:evil.example',
  'http:/evil.example',
  'HTTPS://evil.example/home',
  '//evil.example/%2e%2e',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'evil.example',
  './home',
  '',
  `/${'a'.repeat(3000)}`,
];

const ALLOWED: [string, string][] = [
  ['/book', '/book'],
  ['/bookings?week=2026-12-07', '/bookings?week=2026-12-07'],
  ['/admin/students#x', '/admin/students#x'],
  ['/pay/0195f3c0-0000-7000-8000-000000000001', '/pay/0195f3c0-0000-7000-8000-000000000001'],
  ['/admin/students?q=Ann+Lee&page=2', '/admin/students?q=Ann+Lee&page=2'],
  ['/admin/students?q=Ann%20Lee', '/admin/students?q=Ann%20Lee'],
  ['/', '/'],
];

describe('safeRedirectPath', () => {
  // Labelled by the value's start: the long one would fill the report.
  it.each(BYPASSES.map((next) => [JSON.stringify(next).slice(0, 40), next]))('refuses %s', (_, next) => {
    expect(safeRedirectPath(next, HOME)).toBe(HOME);
  });

  it.each(ALLOWED)('keeps a page of this portal: %j', (next, path) => {
    expect(safeRedirectPath(next, HOME)).toBe(path);
  });

  it('falls back when there is no next at all', () => {
    expect(safeRedirectPath(null, HOME)).toBe(HOME);
    expect(safeRedirectPath(undefined, '/cards?done=added')).toBe('/cards?done=added');
  });
});
