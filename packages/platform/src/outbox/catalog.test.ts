import type { Tx } from '@dualcontrol/db';
import { z } from '@hono/zod-openapi';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineEvents, type EventPayload, parseEventPayload } from './catalog.ts';
import { emitEvent } from './events.ts';
import { subscribe } from './subscribe.ts';

const events = defineEvents({
  'lesson.booked': z.object({ lessonId: z.uuid(), minutes: z.number().int(), note: z.string().optional() }),
  'lesson.dropped': z.object({ lessonId: z.uuid() }),
});
const booked = events['lesson.booked'];
const lessonId = '0190f0e6-6b6a-7cc0-8a1e-3b2f4c5d6e7f';

describe('defineEvents', () => {
  it('keys each definition by its event type', () => {
    expect(Object.keys(events)).toEqual(['lesson.booked', 'lesson.dropped']);
    expect(booked.type).toBe('lesson.booked');
    expectTypeOf(booked.type).toEqualTypeOf<'lesson.booked'>();
    expectTypeOf<EventPayload<typeof booked>>().toEqualTypeOf<{
      lessonId: string;
      minutes: number;
      note?: string | undefined;
    }>();
  });

  it('checks an emitted payload strictly: a wrong field or an undeclared one names the event and field', () => {
    expect(parseEventPayload(booked.type, booked.emitSchema, { lessonId, minutes: 60 })).toEqual({
      lessonId,
      minutes: 60,
    });
    expect(() => parseEventPayload(booked.type, booked.emitSchema, { lessonId, minutes: '60' })).toThrow(
      /^event lesson\.booked: payload\.minutes: /,
    );
    expect(() => parseEventPayload(booked.type, booked.emitSchema, { lessonId: 'nope', minutes: 1 })).toThrow(
      /payload\.lessonId/,
    );
    expect(() =>
      parseEventPayload(booked.type, booked.emitSchema, { lessonId, minutes: 1, extra: 1 }),
    ).toThrow(/event lesson\.booked: payload: .*"extra"/);
  });

  it('reads a delivered payload tolerantly: fields a newer producer added are dropped', () => {
    expect(parseEventPayload(booked.type, booked.schema, { lessonId, minutes: 1, extra: 1 })).toEqual({
      lessonId,
      minutes: 1,
    });
  });
});

describe('subscribe', () => {
  it('lists the types it handles and refuses an event it was not given', async () => {
    const subscription = subscribe({
      id: 'test.only-dropped',
      events: [events['lesson.dropped']],
      handle: async () => {},
    });
    expect(subscription.events).toEqual(['lesson.dropped']);
    const raw = { id: 'e1', tenantId: 't1', type: 'lesson.booked', payload: {}, createdAt: new Date() };
    // The handler never runs, so it needs no transaction.
    await expect(
      subscription.handle(raw, { tx: undefined as never, log: undefined as never }),
    ).rejects.toThrow('test.only-dropped does not handle lesson.booked (event e1)');
  });
});

/** Compiled, never run: a payload that does not match its event does not type-check. */
export function typeLevelChecks(tx: Tx) {
  // @ts-expect-error minutes must be a number
  void emitEvent(tx, 't1', booked, { lessonId, minutes: '60' });
  // @ts-expect-error lessonId is required
  void emitEvent(tx, 't1', booked, { minutes: 60 });
  // @ts-expect-error an undeclared field in a literal is refused
  void emitEvent(tx, 't1', booked, { lessonId, minutes: 60, extra: true });
  subscribe({
    id: 'test.typed',
    events: [booked, events['lesson.dropped']],
    async handle(event) {
      if (event.type === 'lesson.booked') expectTypeOf(event.payload.minutes).toEqualTypeOf<number>();
      // @ts-expect-error lesson.dropped has no minutes: the handler must narrow on the type first
      void event.payload.minutes;
    },
  });
}
