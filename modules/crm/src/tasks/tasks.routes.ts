import {
  BODY_PROBLEMS,
  Id,
  IdParams,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problemResponses,
  sessionSecurity,
} from '@dualcontrol/platform';
import { createRoute, z } from '@hono/zod-openapi';
import { Day, Task } from '../http-schemas.ts';
import { TASK_KINDS, TASK_STATUSES } from '../schema.ts';

const tags = ['CRM'];
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listTasks = createRoute({
  method: 'get',
  path: '/api/v1/crm/tasks',
  tags,
  summary: 'Tasks: mine (assigned to me), due today (or overdue, in the school’s zone), by contact or status',
  security: sessionSecurity,
  request: {
    query: PageQuerySchema.extend({
      mine: Flag.optional(),
      dueToday: Flag.optional(),
      contactId: Id.optional(),
      status: z.enum(TASK_STATUSES).optional(),
    }),
  },
  responses: { 200: jsonContent(page(Task, 'CrmTaskPage'), 'Tasks'), ...problemResponses(400, 401, 403) },
});

export const createTask = createRoute({
  method: 'post',
  path: '/api/v1/crm/tasks',
  tags,
  summary: 'Add a task on a contact (crm.task_created); assigned to the caller unless told otherwise',
  security: sessionSecurity,
  request: {
    body: jsonBody(
      z.strictObject({
        contactId: Id,
        title: z.string().trim().min(1).max(300),
        kind: z.enum(TASK_KINDS).default('follow_up'),
        dueOn: Day,
        assigneeUserId: Id.nullable().optional(),
      }),
    ),
  },
  responses: { 201: jsonContent(Task, 'Added'), ...problemResponses(...BODY_PROBLEMS, 401, 403) },
});

export const completeTask = createRoute({
  method: 'post',
  path: '/api/v1/crm/tasks/{id}/complete',
  tags,
  summary: 'Mark a task done',
  security: sessionSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Task, 'Done'), ...problemResponses(400, 401, 403, 404, 409) },
});
