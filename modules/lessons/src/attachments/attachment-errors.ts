import { AppError, notFound } from '@dualcontrol/platform';
import { ATTACHMENT_MAX_BYTES } from './attachment-limits.ts';

const FIELD = 'body.file';
const ACCEPTED = 'JPEG, PNG or WebP photos and MP4 or QuickTime (MOV) videos';

export const attachmentNotFound = () =>
  notFound('lessons.attachment_not_found', 'No such attachment on this lesson.');

export const notMultipart = () =>
  new AppError('lessons.attachment_not_multipart', {
    status: 415,
    title: 'Unsupported media type',
    detail: 'Send the file as multipart/form-data, in a field named "file".',
    fields: [{ path: 'body', message: 'expected multipart/form-data' }],
  });

export const fileMissing = () =>
  new AppError('request.validation_failed', {
    status: 400,
    title: 'Invalid request',
    detail: 'The upload has no file: send it in a multipart field named "file".',
    fields: [{ path: FIELD, message: 'required: one file' }],
  });

export const fileEmpty = () =>
  new AppError('lessons.attachment_empty', {
    status: 422,
    title: 'Unprocessable content',
    detail: 'The file is empty.',
    fields: [{ path: FIELD, message: 'empty file' }],
  });

export const unsupportedType = () =>
  new AppError('lessons.attachment_type_unsupported', {
    status: 415,
    title: 'Unsupported media type',
    detail: `The file's content is not one we take: ${ACCEPTED}. The type is read from the file itself, not its name or declared type.`,
    fields: [{ path: FIELD, message: `not ${ACCEPTED}` }],
  });

export const fileTooLarge = (kind: keyof typeof ATTACHMENT_MAX_BYTES, size: number) =>
  new AppError('lessons.attachment_too_large', {
    status: 413,
    title: 'Payload too large',
    detail: `A ${kind} may be at most ${ATTACHMENT_MAX_BYTES[kind] / 1024 / 1024} MB; this one is ${(size / 1024 / 1024).toFixed(1)} MB.`,
    fields: [{ path: FIELD, message: `larger than ${ATTACHMENT_MAX_BYTES[kind]} bytes` }],
    extra: { maxBytes: ATTACHMENT_MAX_BYTES[kind], sizeBytes: size },
  });

export const fileMalformed = (why: string) =>
  new AppError('lessons.attachment_malformed', {
    status: 422,
    title: 'Unprocessable content',
    detail: `The file starts like a photo or video but is damaged or not what it claims: ${why}.`,
    fields: [{ path: FIELD, message: why }],
  });

export const linkInvalid = () =>
  new AppError('lessons.attachment_link_invalid', {
    status: 403,
    title: 'Forbidden',
    detail: 'This download link is not valid: ask for the lesson’s attachments again for a fresh link.',
    fields: [{ path: 'query.signature', message: 'does not match' }],
  });

export const linkExpired = (expires: number) =>
  new AppError('lessons.attachment_link_expired', {
    status: 403,
    title: 'Forbidden',
    detail: `This download link expired at ${new Date(expires * 1000).toISOString()}: ask for the lesson’s attachments again for a fresh link.`,
    fields: [{ path: 'query.expires', message: 'in the past' }],
  });

/** The record exists but its bytes do not (removed behind our back): a 404, logged as an error. */
export const bytesMissing = () =>
  notFound('lessons.attachment_not_found', 'This attachment’s file is no longer stored.');
