import { AppError, badRequest, notFound } from '@dualcontrol/platform';

export const contactNotFound = () => notFound('crm.contact_not_found', 'No such contact at this school.');
export const taskNotFound = () => notFound('crm.task_not_found', 'No such task at this school.');

export const unknownStage = (stage: string, path = 'body.stage') =>
  badRequest('crm.unknown_stage', `This school's pipeline has no stage "${stage}".`, [
    { path, message: 'not a stage of this pipeline' },
  ]);

export const reasonRequired = () =>
  badRequest('crm.lost_reason_required', 'Say why the contact is lost.', [
    { path: 'body.reason', message: 'required when moving to lost' },
  ]);

export const alreadyLinked = (path: string) =>
  new AppError('crm.person_has_contact', {
    status: 409,
    title: 'Conflict',
    detail: 'This person already has a contact (one contact per person): open or merge that one.',
    fields: [{ path, message: 'already has a contact' }],
  });
