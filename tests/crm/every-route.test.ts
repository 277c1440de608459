import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmSchool, createCrmSchool, createTestApi, type TestApi } from './crm-fixture.ts';

/**
 * Every crm operation, tried by another school's office on school A's rows (tenant A versus B: 404,
 * nothing learnt, nothing changed), and by school A's own students and instructors (403 on every
 * route: the CRM is the office's).
 */
describe('every crm route: tenant A versus B, students and instructors refused', () => {
  let api: TestApi;
  let a: CrmSchool;
  let b: CrmSchool;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    api = await createTestApi();
    a = await createCrmSchool(api, 'crmroutesa');
    b = await createCrmSchool(api, 'crmroutesb');
    ids.contact = (await a.contact({ name: 'Ann A', email: 'ann@a.test' })).id;
    ids.other = (await a.contact({ name: 'Ann A twin', email: 'ann@a.test' })).id;
    ids.task = (
      await a.expectOk(
        a.call('POST', '/api/v1/crm/tasks', a.ownerToken, {
          contactId: ids.contact,
          title: 'Call',
          dueOn: '2030-01-01',
        }),
        201,
        'task',
      )
    ).id;
    await a.expectOk(
      a.call('POST', `/api/v1/crm/contacts/${ids.contact}/notes`, a.ownerToken, { body: 'Secret A' }),
      201,
      'note',
    );
    ids.bContact = (await b.contact({ name: 'Bob B', email: 'bob@b.test' })).id;
  });
  afterAll(() => api.close());

  const snapshot = () =>
    api.tdb.owner`select
      (select md5(string_agg(t::text, '|' order by t.id)) from crm_contacts t) as contacts,
      (select md5(string_agg(t::text, '|' order by t.id)) from crm_interactions t) as interactions,
      (select md5(string_agg(t::text, '|' order by t.id)) from crm_notes t) as notes,
      (select md5(string_agg(t::text, '|' order by t.id)) from crm_tasks t) as tasks,
      (select md5(string_agg(t::text, '|' order by t.key)) from crm_followup_rules t) as rules`;

  /** Every operation that names one of A's rows, with a valid body. */
  const rowRoutes = (): [string, string, unknown?][] => [
    ['GET', `/api/v1/crm/contacts/${ids.contact}`],
    ['PATCH', `/api/v1/crm/contacts/${ids.contact}`, { name: 'Hijacked' }],
    ['DELETE', `/api/v1/crm/contacts/${ids.contact}`],
    ['POST', `/api/v1/crm/contacts/${ids.contact}/stage`, { stage: 'contacted' }],
    ['POST', `/api/v1/crm/contacts/${ids.contact}/merge`, { mergedId: ids.other }],
    ['POST', `/api/v1/crm/contacts/${ids.contact}/interactions`, { kind: 'call', summary: 'x' }],
    ['GET', `/api/v1/crm/contacts/${ids.contact}/interactions`],
    ['POST', `/api/v1/crm/contacts/${ids.contact}/notes`, { body: 'x' }],
    ['GET', `/api/v1/crm/contacts/${ids.contact}/notes`],
    ['POST', `/api/v1/crm/tasks/${ids.task}/complete`],
  ];

  /** Every operation, row or not. */
  const allRoutes = (): [string, string, unknown?][] => [
    ...rowRoutes(),
    ['POST', '/api/v1/crm/contacts', { name: 'New', email: 'new@a.test' }],
    ['GET', '/api/v1/crm/contacts'],
    ['GET', '/api/v1/crm/duplicates'],
    ['GET', '/api/v1/crm/tasks'],
    ['POST', '/api/v1/crm/tasks', { contactId: ids.contact, title: 'x', dueOn: '2030-01-01' }],
    ['GET', '/api/v1/crm/pipeline'],
    ['GET', '/api/v1/crm/stages'],
  ];

  it("another school's office gets 404 for every one of A's rows, and A's data is unchanged", async () => {
    const before = await snapshot();
    for (const [method, path, body] of rowRoutes()) {
      const res = await b.call(method, path, b.ownerToken, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expect(res.contentType).toContain('application/problem+json');
    }
    // Pointing B's own rows at A's: a task on A's contact, a merge of A's contact into B's.
    const task = await b.call('POST', '/api/v1/crm/tasks', b.ownerToken, {
      contactId: ids.contact,
      title: 'x',
      dueOn: '2030-01-01',
    });
    expect(task.status).toBe(400);
    expect(task.body.errors[0].path).toBe('body.contactId');
    const merge = await b.call('POST', `/api/v1/crm/contacts/${ids.bContact}/merge`, b.ownerToken, {
      mergedId: ids.contact,
    });
    expect(merge.status).toBe(400);
    // Lists show nothing of A.
    const list = await b.call('GET', '/api/v1/crm/contacts?q=Ann', b.ownerToken);
    expect(list.body.data).toEqual([]);
    const board = await b.call('GET', '/api/v1/crm/pipeline', b.ownerToken);
    const names = board.body.stages.flatMap((st: { contacts: { name: string }[] }) =>
      st.contacts.map((c) => c.name),
    );
    expect(names).toEqual(['Bob B']);
    expect((await b.call('GET', '/api/v1/crm/duplicates', b.ownerToken)).body.data).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("A's students and instructors are refused every crm route (403), and nothing changes", async () => {
    const before = await snapshot();
    for (const who of [a.students[0]!, a.instructor]) {
      for (const [method, path, body] of allRoutes()) {
        const res = await a.call(method, path, who.token, body);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('signed out: 401 on every route', async () => {
    for (const [method, path, body] of allRoutes()) {
      const res = await api.call(method, path, { tenant: 'crmroutesa', ...(body ? { body } : {}) });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
    }
  });
});
