import { AppError } from '../errors/app-error.ts';
import { LOGO_MAX_BYTES, LOGO_SVG_MAX_BYTES } from './logo-limits.ts';

const FIELD = 'body.file';
const ACCEPTED = 'a PNG, JPEG or SVG image';

export const logoNotMultipart = () =>
  new AppError('branding.logo_not_multipart', {
    status: 415,
    title: 'Unsupported media type',
    detail: 'Send the logo as multipart/form-data, in a field named "file".',
    fields: [{ path: 'body', message: 'expected multipart/form-data' }],
  });

export const logoMissing = () =>
  new AppError('request.validation_failed', {
    status: 400,
    title: 'Invalid request',
    detail: 'The upload has no file: send the logo in a multipart field named "file".',
    fields: [{ path: FIELD, message: 'required: one file' }],
  });

export const logoEmpty = () =>
  new AppError('branding.logo_empty', {
    status: 422,
    title: 'Unprocessable content',
    detail: 'The file is empty.',
    fields: [{ path: FIELD, message: 'empty file' }],
  });

export const logoTypeUnsupported = () =>
  new AppError('branding.logo_type_unsupported', {
    status: 415,
    title: 'Unsupported media type',
    detail: `A logo must be ${ACCEPTED}. The type is read from the file itself, not its name or declared type.`,
    fields: [{ path: FIELD, message: `not ${ACCEPTED}` }],
  });

export const logoTooLarge = (size: number, svg: boolean) => {
  const max = svg ? LOGO_SVG_MAX_BYTES : LOGO_MAX_BYTES;
  return new AppError('branding.logo_too_large', {
    status: 413,
    title: 'Payload too large',
    detail: `A logo ${svg ? 'in SVG ' : ''}may be at most ${max / 1024} KB; this one is ${Math.ceil(size / 1024)} KB.`,
    fields: [{ path: FIELD, message: `larger than ${max} bytes` }],
    extra: { maxBytes: max, sizeBytes: size },
  });
};

export const logoMalformed = (why: string) =>
  new AppError('branding.logo_malformed', {
    status: 422,
    title: 'Unprocessable content',
    detail: `The file starts like an image but cannot be read: ${why}.`,
    fields: [{ path: FIELD, message: why }],
  });

export const logoNotFound = () =>
  new AppError('branding.logo_not_found', {
    status: 404,
    title: 'Not found',
    detail: 'This school has no logo; the portal shows its initials instead.',
  });
