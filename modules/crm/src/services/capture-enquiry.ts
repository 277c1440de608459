import type { Tx } from '@dualcontrol/db';
import { and, eq } from 'drizzle-orm';
import { crmContacts, crmInteractions, type TRANSMISSIONS } from '../schema.ts';
import { createContact, findByEmailOrPhone, normalisePostcode } from './contacts.ts';
import type { CrmContext } from './crm-context.ts';
import { normaliseEmail, normalisePhone } from './normalise.ts';
import { schoolDay } from './school-day.ts';
import { openRuleTask } from './tasks.ts';

export type EnquiryInput = {
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  postcode: string;
  transmission: (typeof TRANSMISSIONS)[number];
  availability?: string | undefined;
  preferredStart?: string | undefined;
  message?: string | undefined;
};

/**
 * An enquiry from the school's public form: matched to an existing contact by email or phone (the
 * oldest; details it lacks are filled in, nothing it has is overwritten by an anonymous form), or a
 * new contact in `enquiry`; the form's content is logged on its timeline, and the office gets one
 * open "call back" task per contact however many times the form is sent.
 */
export async function captureEnquiry(tx: Tx, ctx: CrmContext, input: EnquiryInput) {
  const email = normaliseEmail(input.email);
  const phone = normalisePhone(input.phone);
  const [match] = await findByEmailOrPhone(tx, ctx, email, phone);
  let contactId: string;
  if (match) {
    contactId = match.id;
    await tx
      .update(crmContacts)
      .set({
        email: match.email ?? email,
        phone: match.phone ?? phone,
        postcode: match.postcode ?? normalisePostcode(input.postcode),
        transmission: match.transmission ?? input.transmission,
        availability: match.availability ?? input.availability ?? null,
        preferredStart: match.preferredStart ?? input.preferredStart ?? null,
        consentAt: match.consentAt ?? ctx.now,
      })
      .where(and(eq(crmContacts.tenantId, ctx.tenantId), eq(crmContacts.id, match.id)));
  } else {
    const row = await createContact(
      tx,
      ctx,
      {
        name: input.name,
        email,
        phone,
        postcode: input.postcode,
        transmission: input.transmission,
        availability: input.availability,
        preferredStart: input.preferredStart,
        consent: true,
      },
      'enquiry',
    );
    contactId = row.id;
  }
  const details = [
    `Enquiry form from ${input.name}`,
    `postcode ${normalisePostcode(input.postcode)}`,
    input.transmission,
    input.availability ? `available ${input.availability}` : null,
    input.preferredStart ? `from ${input.preferredStart}` : null,
  ].filter(Boolean);
  await tx.insert(crmInteractions).values({
    tenantId: ctx.tenantId,
    contactId,
    kind: 'message',
    summary: `${details.join(', ')}${input.message ? `: ${input.message}` : ''}`,
    occurredAt: ctx.now,
  });
  await openRuleTask(tx, ctx, {
    contactId,
    ruleKey: 'enquiry',
    kind: 'enquiry',
    title: `New enquiry: call ${input.name} back`,
    dueOn: schoolDay(ctx.timezone, ctx.now),
  });
  return { contactId, matched: Boolean(match) };
}
