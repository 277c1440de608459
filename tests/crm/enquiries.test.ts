import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmSchool, createCrmSchool, createTestApi, type TestApi } from './crm-fixture.ts';

const form = (over: Record<string, unknown> = {}) => ({
  name: 'Eve Enquirer',
  email: 'eve@example.com',
  phone: '07700 900111',
  postcode: 'n7 8ab',
  transmission: 'manual',
  availability: 'Weekday evenings',
  preferredStart: '2030-03-01',
  consent: true,
  ...over,
});

describe('crm public enquiry form', () => {
  let api: TestApi;
  let s: CrmSchool;
  const enquire = (body: unknown, tenant = 'crmenq', headers: Record<string, string> = {}) =>
    api.call('POST', '/api/v1/enquiries', { tenant, body, headers });
  const contacts = (tenant: string) =>
    api.tdb.owner<
      { id: string; name: string; stage: string; source: string; postcode: string; email: string }[]
    >`
      select c.id, c.name, c.stage, c.source, c.postcode, c.email from crm_contacts c
      join tenants t on t.id = c.tenant_id where t.slug = ${tenant} order by c.created_at`;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createCrmSchool(api, 'crmenq');
    await createCrmSchool(api, 'crmenqb');
  });
  afterAll(() => api.close());

  it('creates a contact in enquiry at the school of the address, with a call-back task and the form on its timeline', async () => {
    const res = await enquire(form());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ received: true });
    const [c] = await contacts('crmenq');
    expect(c).toMatchObject({
      name: 'Eve Enquirer',
      stage: 'enquiry',
      source: 'enquiry',
      postcode: 'N7 8AB',
    });
    expect(await contacts('crmenqb')).toEqual([]);
    const timeline = await s.call('GET', `/api/v1/crm/contacts/${c!.id}`, s.ownerToken);
    expect(timeline.body.interactions[0].summary).toMatch(
      /Enquiry form from Eve Enquirer, postcode N7 8AB, manual/,
    );
    expect(timeline.body.tasks).toEqual([
      expect.objectContaining({ kind: 'enquiry', status: 'open', assigneeUserId: null, ruleKey: 'enquiry' }),
    ]);
    const [created] = await api.tdb.owner<{ payload: Record<string, unknown> }[]>`
      select payload from outbox_events where type = 'crm.contact_created' and payload->>'contactId' = ${c!.id}`;
    expect(created!.payload).toEqual({ contactId: c!.id, source: 'enquiry', stage: 'enquiry' });
  });

  it('a second enquiry by the same phone matches the contact: no duplicate contact, no second open task', async () => {
    const res = await enquire(form({ email: undefined, phone: '07700-900-111', name: 'Eve again' }));
    expect(res.status).toBe(202);
    expect(await contacts('crmenq')).toHaveLength(1);
    const [c] = await contacts('crmenq');
    const timeline = await s.call('GET', `/api/v1/crm/contacts/${c!.id}`, s.ownerToken);
    expect(timeline.body.interactions).toHaveLength(2);
    expect(timeline.body.tasks).toHaveLength(1);
  });

  it('the honeypot: a filled hidden field gets the same 202 and writes nothing', async () => {
    const before = await api.tdb.owner`select count(*)::int as n from crm_interactions`;
    const res = await enquire(
      form({ email: 'bot@spam.test', phone: undefined, website: 'http://spam.test' }),
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ received: true });
    expect((await contacts('crmenq')).map((c) => c.email)).not.toContain('bot@spam.test');
    expect(await api.tdb.owner`select count(*)::int as n from crm_interactions`).toEqual(before);
  });

  it('refuses what a person must fill in, naming the field; an unknown school is 404', async () => {
    const noConsent = await enquire(form({ consent: false }));
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.errors[0].path).toBe('body.consent');
    const noWay = await enquire(form({ email: undefined, phone: undefined }));
    expect(noWay.status).toBe(400);
    expect(noWay.body.errors[0].path).toBe('body.email');
    const gearbox = await enquire(form({ transmission: 'cvt' }));
    expect(gearbox.body.errors[0].path).toBe('body.transmission');
    const nowhere = await enquire(form(), 'no-such-school');
    expect(nowhere.status).toBe(404);
  });
});

describe('crm enquiry form rate limit (unscaled budgets)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ env: { RATE_LIMIT_SCALE: '1' } });
    await createCrmSchool(api, 'crmenqrl');
  });
  afterAll(() => api.close());

  it('five enquiries an hour from one address, then 429 with Retry-After and nothing written', async () => {
    const send = (i: number) =>
      api.call('POST', '/api/v1/enquiries', {
        tenant: 'crmenqrl',
        body: form({ email: `person${i}@example.com`, phone: undefined }),
      });
    for (let i = 0; i < 5; i++) expect((await send(i)).status).toBe(202);
    const sixth = await send(5);
    expect(sixth.status).toBe(429);
    expect(sixth.contentType).toContain('application/problem+json');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    const [n] = await api.tdb.owner<{ n: number }[]>`select count(*)::int as n from crm_contacts`;
    expect(n!.n).toBe(5);
  });
});
