import {
  binaryContent,
  Id,
  IdParams,
  jsonContent,
  multipartFileBody,
  ProblemSchema,
  problemContentType,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { ATTACHMENT_KINDS } from '../schema.ts';
import { ATTACHMENT_MAX_BYTES } from './attachment-limits.ts';
import { ATTACHMENT_URL_TTL_SECONDS } from './signed-url.ts';

const tags = ['Lessons'];
const MB = 1024 * 1024;

const Attachment = z
  .object({
    id: z.string(),
    lessonId: z.string(),
    kind: z.enum(ATTACHMENT_KINDS),
    contentType: z.string().openapi({ description: 'From the file’s own bytes, not the uploader’s claim' }),
    sizeBytes: z.number().int().openapi({ description: 'As stored (a photo loses its metadata first)' }),
    originalName: z.string().nullable(),
    uploadedBy: z.string().nullable(),
    createdAt: z.string(),
    url: z.string().openapi({
      description: `Signed download path (relative to the API, for this school), valid for ${ATTACHMENT_URL_TTL_SECONDS / 60} minutes`,
    }),
    urlExpiresAt: z.string(),
  })
  .openapi('LessonAttachment');

const AttachmentParams = z.strictObject({ id: Id, attachmentId: Id });

/** A problem answer with its own description (problemResponses' 422 text is for idempotency keys). */
const problem = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: ProblemSchema } },
});

export const uploadAttachment = createRoute({
  method: 'post',
  path: '/api/v1/lessons/{id}/attachments',
  tags,
  summary: 'Add a photo or video to a lesson (its instructor, the office)',
  description: `multipart/form-data with the file in the field \`file\`. Taken: JPEG, PNG and WebP photos up to ${ATTACHMENT_MAX_BYTES.photo / MB} MB, MP4 and QuickTime videos up to ${ATTACHMENT_MAX_BYTES.video / MB} MB — the type is read from the file's bytes. A photo's location and other metadata are removed before it is stored (its orientation is kept). Students and guardians see attachments but do not add them.`,
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: multipartFileBody,
  },
  responses: {
    201: jsonContent(Attachment, 'Stored'),
    ...problemResponses(400, 401, 403, 404, 413, 415),
    422: problem('The file is empty, or damaged / not the format its first bytes claim'),
  },
});

export const listAttachments = createRoute({
  method: 'get',
  path: '/api/v1/lessons/{id}/attachments',
  tags,
  summary: 'A lesson’s photos and videos with signed download links, newest first',
  description:
    'Visible to the lesson’s instructor, its student, a guardian linked to the student and the office; anyone else gets 404.',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: {
    200: jsonContent(z.object({ data: z.array(Attachment) }), 'Attachments'),
    ...problemResponses(400, 401, 404),
  },
});

export const deleteAttachment = createRoute({
  method: 'delete',
  path: '/api/v1/lessons/{id}/attachments/{attachmentId}',
  tags,
  summary: 'Remove a photo or video from a lesson (its instructor, the office)',
  security: sessionSecurity,
  request: { params: AttachmentParams },
  responses: { 204: { description: 'Removed' }, ...problemResponses(400, 401, 403, 404) },
});

export const downloadAttachment = createRoute({
  method: 'get',
  path: '/api/v1/lessons/{id}/attachments/{attachmentId}/content',
  tags,
  summary: 'The bytes of an attachment, by a signed link from the list (no session needed)',
  description:
    'The link is an HMAC over (school, attachment, expiry) with the application key; it works for its school only and until it expires. Served with nosniff, a Content-Security-Policy that runs nothing, and Content-Disposition.',
  request: {
    params: AttachmentParams,
    query: z.strictObject({
      expires: z.coerce.number().int().min(0).max(4_102_444_800),
      signature: z.string().min(1).max(100),
    }),
  },
  responses: {
    200: {
      description: 'The file',
      content: {
        'image/jpeg': binaryContent,
        'image/png': binaryContent,
        'image/webp': binaryContent,
        'video/mp4': binaryContent,
        'video/quicktime': binaryContent,
      },
    },
    ...problemResponses(400, 403, 404),
  },
});
