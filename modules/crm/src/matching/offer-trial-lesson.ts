import type { Tx } from '@dualcontrol/db';
import { AppError } from '@dualcontrol/platform';
import { createBooking } from '@dualcontrol/scheduling';
import { findContact, moveStage } from '../services/contacts.ts';
import type { CrmContext } from '../services/crm-context.ts';

type SchedulingCtx = Parameters<typeof createBooking>[1];

/**
 * The office offers a matched instructor's time as a trial lesson: a booking made by scheduling's
 * own service (its rules, locks and events: booking.requested lands on the timeline by itself), and
 * the contact moves to trial_lesson (only forward: an active learner stays one). The contact must
 * be a student (bookings are for students): add them as one first.
 */
export async function offerTrialLesson(
  tx: Tx,
  ctx: CrmContext,
  scheduling: SchedulingCtx,
  contactId: string,
  input: { instructorId: string; start: string; durationMinutes: number },
) {
  const contact = await findContact(tx, ctx, contactId);
  if (!contact.studentId)
    throw new AppError('crm.contact_not_a_student', {
      status: 409,
      title: 'Conflict',
      detail: 'A trial lesson is booked for a student: add this contact as a student (and link them) first.',
    });
  const booking = await createBooking(tx, scheduling, {
    instructorId: input.instructorId,
    studentId: contact.studentId,
    start: new Date(input.start),
    durationMinutes: input.durationMinutes,
  });
  const early = ['enquiry', 'contacted', 'lost'].includes(contact.stage);
  const moved = early ? await moveStage(tx, ctx, contactId, 'trial_lesson') : contact;
  return { booking, contact: moved };
}
