import { describe, expect, it } from 'vitest';
import { tenantKeyFrom } from './resolve-tenant.ts';

describe('tenantKeyFrom', () => {
  it('reads the X-Tenant header first', () => {
    expect(tenantKeyFrom('lakeside.localhost:3000', ' NorthSide ', 'localhost')).toEqual({
      by: 'slug',
      slug: 'northside',
    });
  });
  it('reads a subdomain of the app domain, ignoring the port', () => {
    expect(tenantKeyFrom('northside.localhost:3001', undefined, 'localhost')).toEqual({
      by: 'slug',
      slug: 'northside',
    });
    expect(tenantKeyFrom('NorthSide.Dualcontrol.app', undefined, 'dualcontrol.app')).toEqual({
      by: 'slug',
      slug: 'northside',
    });
  });
  it('names no tenant on the bare platform host or an address', () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:3000', '[::1]:3000', undefined]) {
      expect(tenantKeyFrom(host, undefined, 'localhost')).toBeNull();
    }
  });
  it('treats nested subdomains as nothing, and any other host as a custom domain', () => {
    expect(tenantKeyFrom('a.b.localhost', undefined, 'localhost')).toBeNull();
    expect(tenantKeyFrom('book.northside-driving.co.uk', undefined, 'localhost')).toEqual({
      by: 'domain',
      domain: 'book.northside-driving.co.uk',
    });
  });
});
