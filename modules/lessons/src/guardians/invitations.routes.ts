import {
  BODY_PROBLEMS,
  IdParams,
  jsonBody,
  jsonContent,
  PasswordSchema,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';

const tags = ['Guardians'];
const Token = z.string().min(20).max(200);

export const inviteGuardian = createRoute({
  method: 'post',
  path: '/api/v1/students/{id}/guardian-invitations',
  tags,
  summary:
    'Invite a guardian by email (the learner or the office): a link on the school’s address that works once, until it expires',
  description: 'Only the office may set `canPay`. The mail goes out through the school’s outbound mail.',
  security: sessionSecurity,
  request: {
    params: IdParams,
    body: jsonBody(
      z.strictObject({
        email: z.email('an email address').max(254),
        relationship: z.string().trim().max(50).optional(),
        canPay: z.boolean().optional(),
        acceptUrl: z
          .url('a URL')
          .openapi({ description: 'The portal page that accepts (on the school’s host)' }),
      }),
    ),
  },
  responses: {
    201: jsonContent(
      z
        .object({
          id: z.string(),
          studentId: z.string(),
          email: z.string(),
          canPay: z.boolean(),
          expiresAt: z.string(),
        })
        .openapi('GuardianInvitation'),
      'Invitation sent',
    ),
    ...problemResponses(...BODY_PROBLEMS, 401, 403, 404),
  },
});

export const previewInvitation = createRoute({
  method: 'post',
  path: '/api/v1/guardian-invitations/preview',
  tags,
  summary: 'What an invitation link offers (no session needed: the token is the credential)',
  request: { body: jsonBody(z.strictObject({ token: Token })) },
  responses: {
    200: jsonContent(
      z
        .object({
          school: z.string(),
          learnerName: z.string(),
          email: z.string(),
          relationship: z.string().nullable(),
          canPay: z.boolean(),
          expiresAt: z.string(),
          status: z.enum(['open', 'expired', 'accepted']),
          accountExists: z.boolean(),
        })
        .openapi('GuardianInvitationPreview'),
      'The invitation',
    ),
    ...problemResponses(...BODY_PROBLEMS, 404),
  },
});

export const acceptInvitation = createRoute({
  method: 'post',
  path: '/api/v1/guardian-invitations/accept',
  tags,
  summary:
    'Accept an invitation: signed in, as the invited address’s account; signed out, creating that account (name, password) and signing it in',
  description:
    '404 unknown token (or another school’s), 409 already used or the address already has an account (sign in first), 410 expired, 403 signed in as another address.',
  request: {
    body: jsonBody(
      z.strictObject({
        token: Token,
        name: z.string().trim().min(1).max(100).optional(),
        password: PasswordSchema.optional(),
      }),
    ),
  },
  responses: {
    200: jsonContent(
      z
        .object({
          guardian: z.object({
            id: z.string(),
            guardianUserId: z.string(),
            studentId: z.string(),
            learnerName: z.string(),
            relationship: z.string().nullable(),
            canPay: z.boolean(),
          }),
          session: z.object({ token: z.string(), expiresAt: z.string() }).nullable(),
        })
        .openapi('GuardianInvitationAccepted'),
      'Linked (with a new session when an account was created)',
    ),
    ...problemResponses(...BODY_PROBLEMS, 403, 404, 409, 410),
  },
});

export const listMyLearners = createRoute({
  method: 'get',
  path: '/api/v1/guardian/learners',
  tags,
  summary: 'The learners the signed-in guardian follows, with the practice entries waiting for them',
  security: sessionSecurity,
  responses: {
    200: jsonContent(
      z.object({
        data: z.array(
          z.object({
            studentId: z.string(),
            name: z.string(),
            relationship: z.string().nullable(),
            canPay: z.boolean(),
            pendingPracticeEntries: z.number().int(),
          }),
        ),
      }),
      'Learners',
    ),
    ...problemResponses(401),
  },
});
