import { AppError, conflict, notFound } from '@dualcontrol/platform';

export const lessonNotFound = () => notFound('lessons.lesson_not_found', 'No such lesson.');
export const studentNotFound = () => notFound('lessons.student_not_found', 'No such student at this school.');
export const skillNotFound = () =>
  notFound('lessons.skill_not_found', 'No such skill in this school’s syllabus.');
export const categoryNotFound = () =>
  notFound('lessons.category_not_found', 'No such skill group in this school’s syllabus.');
export const testNotFound = () => notFound('lessons.test_not_found', 'No such test.');
export const documentNotFound = () => notFound('lessons.document_not_found', 'No such document.');

export const recordLocked = (editableUntil: Date) =>
  new AppError('lessons.record_locked', {
    status: 409,
    title: 'Conflict',
    detail: `This lesson record was locked at ${editableUntil.toISOString()}: records can be edited for a limited time after they are first saved.`,
    extra: { editableUntil: editableUntil.toISOString() },
  });

export const unknownSkills = (ids: string[]) =>
  new AppError('lessons.unknown_skills', {
    status: 400,
    title: 'Bad request',
    detail: 'Some entries name skills that are not in this school’s syllabus (or are retired).',
    fields: ids.map((id) => ({ path: 'body.entries', message: `unknown or retired skill ${id}` })),
  });

export const theoryExpired = (expiresOn: string | null, testOn: string) =>
  conflict(
    'lessons.theory_certificate_expired',
    expiresOn
      ? `The student's theory certificate expires on ${expiresOn}, before the practical test on ${testOn}. Book the test before it expires, or record a new theory pass first.`
      : `The student has no theory certificate on record. Record their theory pass (a theory_certificate document) before booking a practical test on ${testOn}.`,
    { theoryCertificateExpiresOn: expiresOn, testOn },
  );

export const notATestCentre = () =>
  new AppError('lessons.not_a_test_centre', {
    status: 400,
    title: 'Bad request',
    detail: 'The centre must be one of the school’s locations of kind test_centre.',
    fields: [{ path: 'body.centreLocationId', message: 'not a test centre of this school' }],
  });

export const resultAlreadyRecorded = () =>
  conflict('lessons.test_result_recorded', 'This test already has its result.');

export const personNotFound = () => notFound('lessons.person_not_found', 'No such person at this school.');

export const practiceEntryNotFound = () =>
  notFound('lessons.practice_entry_not_found', 'No such practice entry.');

export const practiceEntryDecided = (status: string) =>
  conflict(
    'lessons.practice_entry_decided',
    `This practice entry was already ${status}; a decision is final.`,
    {
      status,
    },
  );

export const invitationNotFound = () =>
  new AppError('lessons.invitation_not_found', {
    status: 404,
    title: 'Not found',
    detail: 'This invitation link is not valid at this school.',
    fields: [{ path: 'body.token', message: 'unknown invitation' }],
  });

export const invitationUsed = () =>
  new AppError('lessons.invitation_used', {
    status: 409,
    title: 'Conflict',
    detail: 'This invitation was already accepted: each link works once. Sign in instead.',
    fields: [{ path: 'body.token', message: 'already used' }],
  });

export const invitationExpired = (expiresAt: Date) =>
  new AppError('lessons.invitation_expired', {
    status: 410,
    title: 'Gone',
    detail: `This invitation expired at ${expiresAt.toISOString()}: ask for a new one.`,
    fields: [{ path: 'body.token', message: 'expired' }],
    extra: { expiresAt: expiresAt.toISOString() },
  });
