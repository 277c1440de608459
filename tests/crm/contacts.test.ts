import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmSchool, createCrmSchool, createTestApi, eventsOf, type TestApi } from './crm-fixture.ts';

describe('crm contacts: create, normalise, move, lost reason, duplicates, merge', () => {
  let api: TestApi;
  let s: CrmSchool;
  beforeAll(async () => {
    api = await createTestApi();
    s = await createCrmSchool(api, 'crmcontacts');
  });
  afterAll(() => api.close());

  it('stores email lower-cased and the phone as digits, starts in enquiry and emits crm.contact_created', async () => {
    const c = await s.contact({
      name: 'Ann Enquirer',
      email: '  Ann@Example.COM ',
      phone: '+44 (0)7700 900-123',
      postcode: 'n1 9gu',
      transmission: 'automatic',
    });
    expect(c).toMatchObject({
      email: 'ann@example.com',
      phone: '+4407700900123',
      postcode: 'N1 9GU',
      stage: 'enquiry',
      source: 'manual',
      transmission: 'automatic',
    });
    const created = await eventsOf(api, 'crm.contact_created');
    expect(created.at(-1)!.payload).toEqual({ contactId: c.id, source: 'manual', stage: 'enquiry' });
  });

  it('refuses a contact with no way to reach it, a bad phone and an unknown stage, naming the field', async () => {
    const none = await s.call('POST', '/api/v1/crm/contacts', s.ownerToken, { name: 'Nobody' });
    expect(none.status).toBe(400);
    expect(none.contentType).toContain('application/problem+json');
    expect(none.body.errors[0].path).toBe('body.email');
    const phone = await s.call('POST', '/api/v1/crm/contacts', s.ownerToken, { name: 'P', phone: '12' });
    expect(phone.status).toBe(400);
    expect(phone.body.errors[0].path).toBe('body.phone');
    const stage = await s.call('POST', '/api/v1/crm/contacts', s.ownerToken, {
      name: 'S',
      email: 's@example.com',
      stage: 'nowhere',
    });
    expect(stage.status).toBe(400);
    expect(stage.body.errors[0].path).toBe('body.stage');
  });

  it('moves along the pipeline with crm.contact_stage_changed; lost needs a reason, leaving lost clears it', async () => {
    const c = await s.contact({ name: 'Ben Mover', email: 'ben@example.com' });
    const moved = await s.call('POST', `/api/v1/crm/contacts/${c.id}/stage`, s.ownerToken, {
      stage: 'contacted',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.stage).toBe('contacted');
    const noReason = await s.call('POST', `/api/v1/crm/contacts/${c.id}/stage`, s.ownerToken, {
      stage: 'lost',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('body.reason');
    const lost = await s.call('POST', `/api/v1/crm/contacts/${c.id}/stage`, s.ownerToken, {
      stage: 'lost',
      reason: 'Went to another school',
    });
    expect(lost.body).toMatchObject({ stage: 'lost', lostReason: 'Went to another school' });
    const back = await s.call('POST', `/api/v1/crm/contacts/${c.id}/stage`, s.ownerToken, {
      stage: 'contacted',
    });
    expect(back.body).toMatchObject({ stage: 'contacted', lostReason: null });
    const changes = (await eventsOf(api, 'crm.contact_stage_changed')).map((e) => e.payload);
    expect(changes.filter((p) => p.contactId === c.id)).toEqual([
      { contactId: c.id, from: 'enquiry', to: 'contacted' },
      { contactId: c.id, from: 'contacted', to: 'lost', reason: 'Went to another school' },
      { contactId: c.id, from: 'lost', to: 'contacted' },
    ]);
    const unknown = await s.call('POST', `/api/v1/crm/contacts/${c.id}/stage`, s.ownerToken, {
      stage: 'mars',
    });
    expect(unknown.status).toBe(400);
  });

  it('lists by stage and by search; the board has every default stage in order', async () => {
    const byStage = await s.call('GET', '/api/v1/crm/contacts?stage=contacted', s.ownerToken);
    expect(byStage.status).toBe(200);
    expect(byStage.body.data.map((c: { name: string }) => c.name)).toEqual(['Ben Mover']);
    const search = await s.call('GET', '/api/v1/crm/contacts?q=ann%40', s.ownerToken);
    expect(search.body.data.map((c: { name: string }) => c.name)).toEqual(['Ann Enquirer']);
    const board = await s.call('GET', '/api/v1/crm/pipeline', s.ownerToken);
    expect(board.status).toBe(200);
    expect(board.body.stages.map((st: { key: string }) => st.key)).toEqual([
      'enquiry',
      'contacted',
      'trial_lesson',
      'active_learner',
      'test_booked',
      'passed',
      'alumni',
      'lost',
    ]);
    const enquiry = board.body.stages[0];
    expect(enquiry.contacts.map((c: { name: string }) => c.name)).toContain('Ann Enquirer');
  });

  it('one contact per person: linking a second contact to the same student is 409', async () => {
    const sam = s.students[0]!;
    const first = await s.contact({ name: 'Sam', studentId: sam.id });
    expect(first.userId).toBe(sam.userId);
    const second = await s.call('POST', '/api/v1/crm/contacts', s.ownerToken, {
      name: 'Sam again',
      studentId: sam.id,
    });
    expect(second.status).toBe(409);
    expect(second.body.errors[0].path).toBe('body.studentId');
  });

  it('finds duplicates by email or phone and merges: the timeline moves, the person link survives', async () => {
    const sue = s.students[1]!;
    const linked = await s.contact({
      name: 'Sue (student)',
      studentId: sue.id,
      email: 'sue.dup@example.com',
    });
    const enquiry = await s.contact({
      name: 'Sue enquiry',
      email: 'SUE.DUP@example.com',
      phone: '07700 900999',
    });
    const third = await s.contact({ name: 'Sue by phone', phone: '07700-900-999' });
    const dups = await s.call('GET', '/api/v1/crm/duplicates', s.ownerToken);
    expect(dups.status).toBe(200);
    const byEmail = dups.body.data.find(
      (g: { match: string; value: string }) => g.value === 'sue.dup@example.com',
    );
    expect(byEmail.contacts.map((c: { id: string }) => c.id)).toEqual([linked.id, enquiry.id]);
    const byPhone = dups.body.data.find((g: { match: string }) => g.match === 'phone');
    expect(byPhone.contacts.map((c: { id: string }) => c.id)).toEqual([enquiry.id, third.id]);

    // A note, an interaction and a task on the enquiry, then the enquiry merged INTO it from the
    // linked contact's side is refused the other way round only when both are linked.
    await s.expectOk(
      s.call('POST', `/api/v1/crm/contacts/${enquiry.id}/notes`, s.ownerToken, { body: 'Wants Saturdays' }),
      201,
      'note',
    );
    await s.expectOk(
      s.call('POST', `/api/v1/crm/contacts/${enquiry.id}/interactions`, s.ownerToken, {
        kind: 'call',
        summary: 'Rang back',
      }),
      201,
      'interaction',
    );
    await s.expectOk(
      s.call('POST', '/api/v1/crm/tasks', s.ownerToken, {
        contactId: enquiry.id,
        title: 'Send prices',
        dueOn: '2030-01-02',
      }),
      201,
      'task',
    );
    // The enquiry survives and the linked contact is merged into it: the link to Sue moves across.
    const merged = await s.call('POST', `/api/v1/crm/contacts/${enquiry.id}/merge`, s.ownerToken, {
      mergedId: linked.id,
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      id: enquiry.id,
      userId: sue.userId,
      studentId: sue.id,
      phone: '07700900999',
    });
    const gone = await s.call('GET', `/api/v1/crm/contacts/${linked.id}`, s.ownerToken);
    expect(gone.status).toBe(404);
    const timeline = await s.call('GET', `/api/v1/crm/contacts/${enquiry.id}`, s.ownerToken);
    expect(timeline.body.notes.map((n: { body: string }) => n.body)).toEqual(['Wants Saturdays']);
    expect(timeline.body.interactions.map((i: { summary: string }) => i.summary)).toEqual(['Rang back']);
    expect(timeline.body.tasks.map((t: { title: string }) => t.title)).toEqual(['Send prices']);
    // Then the phone duplicate: its task moves too.
    await s.expectOk(
      s.call('POST', '/api/v1/crm/tasks', s.ownerToken, {
        contactId: third.id,
        title: 'Call',
        dueOn: '2030-01-03',
      }),
      201,
      'task',
    );
    await s.expectOk(
      s.call('POST', `/api/v1/crm/contacts/${enquiry.id}/merge`, s.ownerToken, { mergedId: third.id }),
      200,
      'merge 2',
    );
    const after = await s.call('GET', `/api/v1/crm/contacts/${enquiry.id}`, s.ownerToken);
    expect(after.body.tasks).toHaveLength(2);
    expect((await eventsOf(api, 'crm.contacts_merged')).map((e) => e.payload)).toEqual([
      { survivorId: enquiry.id, mergedId: linked.id },
      { survivorId: enquiry.id, mergedId: third.id },
    ]);
    const none = await s.call('GET', '/api/v1/crm/duplicates', s.ownerToken);
    expect(
      none.body.data.filter((g: { value: string }) => g.value.includes('sue') || g.value === '07700900999'),
    ).toEqual([]);
  });

  it('refuses to merge two contacts of two different people, or a contact into itself', async () => {
    const a = await s.contact({ name: 'Sid', studentId: s.students[2]!.id });
    const b = await s.call('GET', '/api/v1/crm/contacts?q=Sam', s.ownerToken);
    const samContact = b.body.data.find((c: { userId: string | null }) => c.userId === s.students[0]!.userId);
    const two = await s.call('POST', `/api/v1/crm/contacts/${a.id}/merge`, s.ownerToken, {
      mergedId: samContact.id,
    });
    expect(two.status).toBe(409);
    const self = await s.call('POST', `/api/v1/crm/contacts/${a.id}/merge`, s.ownerToken, { mergedId: a.id });
    expect(self.status).toBe(400);
    expect(self.body.errors[0].path).toBe('body.mergedId');
  });

  it('tasks: mine and due today, complete once, task_created event', async () => {
    const c = await s.contact({ name: 'Tia Tasks', email: 'tia@example.com' });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: s.timezone }).format(new Date());
    const t1 = await s.expectOk(
      s.call('POST', '/api/v1/crm/tasks', s.ownerToken, {
        contactId: c.id,
        title: 'Call today',
        dueOn: today,
        kind: 'call',
      }),
      201,
      'task',
    );
    expect(t1).toMatchObject({ status: 'open', assigneeUserId: expect.any(String), kind: 'call' });
    await s.expectOk(
      s.call('POST', '/api/v1/crm/tasks', s.ownerToken, {
        contactId: c.id,
        title: 'Later',
        dueOn: '2099-01-01',
      }),
      201,
      'later',
    );
    await s.expectOk(
      s.call('POST', '/api/v1/crm/tasks', s.ownerToken, {
        contactId: c.id,
        title: 'Pool',
        dueOn: today,
        assigneeUserId: null,
      }),
      201,
      'pool',
    );
    const due = await s.call('GET', '/api/v1/crm/tasks?mine=true&dueToday=true', s.ownerToken);
    expect(due.body.data.map((t: { title: string }) => t.title)).toEqual(['Call today']);
    const created = (await eventsOf(api, 'crm.task_created')).map((e) => e.payload);
    expect(created).toContainEqual({
      taskId: t1.id,
      contactId: c.id,
      assigneeId: t1.assigneeUserId,
      dueOn: today,
      kind: 'call',
    });
    const done = await s.call('POST', `/api/v1/crm/tasks/${t1.id}/complete`, s.ownerToken);
    expect(done.body.status).toBe('done');
    const again = await s.call('POST', `/api/v1/crm/tasks/${t1.id}/complete`, s.ownerToken);
    expect(again.status).toBe(409);
    const instructorAssignee = await s.call('POST', '/api/v1/crm/tasks', s.ownerToken, {
      contactId: c.id,
      title: 'X',
      dueOn: today,
      assigneeUserId: s.instructor.userId,
    });
    expect(instructorAssignee.status).toBe(400);
    expect(instructorAssignee.body.errors[0].path).toBe('body.assigneeUserId');
  });
});
