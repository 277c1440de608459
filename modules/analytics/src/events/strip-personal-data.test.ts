import { describe, expect, it } from 'vitest';
import { stripPersonalData } from './strip-personal-data.ts';
import { toAnalyticsEvent } from './to-analytics-event.ts';

const id = '0192f0c4-7a1e-7cc3-9a51-3b1f2f7c1a10';
const other = '0192f0c4-7a1e-7cc3-9a51-3b1f2f7c1a11';

describe('stripPersonalData', () => {
  it('keeps ids, codes, amounts, durations, flags and instants', () => {
    const kept = {
      bookingId: id,
      instructorId: other,
      status: 'cancelled',
      previousStatus: 'confirmed',
      currency: 'GBP',
      feeMinor: 2250,
      durationMinutes: 60,
      requirePayment: false,
      start: '2026-03-29T00:30:00Z',
      testOn: '2026-04-02',
      userIds: [id, other],
      objectId: 'pi_3Nabc',
      from: null,
    };
    expect(stripPersonalData(kept)).toEqual(kept);
  });

  it('drops names, emails, phones, addresses and free text, whatever their shape', () => {
    const stripped = stripPersonalData({
      bookingId: id,
      name: 'Sam Learner',
      studentName: 'Sam',
      email: 'sam@example.com',
      phone: '07700900123',
      mobileNumber: 447700900123,
      postcode: 'N1 9GU',
      address: { line1: '1 High St' },
      reason: 'Mum is ill, call her on 07700 900123',
      message: 'card declined',
      notes: 'quiet',
      dateOfBirth: '2008-05-01',
      licenceNumber: 'SMITH805011AB9CD',
      // Codes must be tokens: a code key holding free text or a phone-like value is dropped.
      status: 'gave up on 07700 900123',
      to: 'sam@example.com',
      from: '07700900123',
      kind: 'mock_test',
      // Unknown keys keep only what looks like an id, an instant, a number or a flag.
      comment2: 'free text',
      extra: 'Sam',
      nested: { email: 'x@y.z' },
      mixed: [id, 'sam@example.com'],
    });
    expect(stripped).toEqual({ bookingId: id, kind: 'mock_test' });
  });
});

describe('toAnalyticsEvent', () => {
  const at = new Date('2026-03-01T10:00:00Z');
  it('names the entity from the type, or from the first id field of a namespaced type', () => {
    const booking = toAnalyticsEvent({
      id,
      tenantId: other,
      type: 'booking.cancelled',
      payload: { bookingId: id, studentId: other, reason: 'Sam is ill' },
      createdAt: at,
    });
    expect(booking).toMatchObject({
      entityType: 'booking',
      entityId: id,
      occurredAt: at,
      actorId: null,
      properties: { bookingId: id, studentId: other },
    });
    const contact = toAnalyticsEvent({
      id,
      tenantId: other,
      type: 'crm.contact_stage_changed',
      payload: { contactId: id, from: 'enquiry', to: 'contacted', actorId: other },
      createdAt: at,
    });
    expect(contact).toMatchObject({ entityType: 'contact', entityId: id, actorId: other });
    const plan = toAnalyticsEvent({
      id,
      tenantId: other,
      type: 'payment_plan.defaulted',
      payload: { planId: id, studentId: other },
      createdAt: at,
    });
    expect(plan).toMatchObject({ entityType: 'payment_plan', entityId: id });
  });
});
