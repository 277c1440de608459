import type { AppEnv } from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { withCrm } from '../http-context.ts';
import * as contacts from '../services/contacts.ts';
import * as interactions from '../services/interactions.ts';
import { mergeContacts as merge } from '../services/merge-contacts.ts';
import * as notes from '../services/notes.ts';
import { contactTimeline } from '../services/timeline.ts';
import type * as routes from './contacts.routes.ts';

export const createContact: RouteHandler<typeof routes.createContact, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const row = await withCrm(c, 'crm:contacts:manage', (tx, ctx) =>
    contacts.createContact(tx, ctx, body, 'manual'),
  );
  return c.json(contacts.contactView(row), 201);
};

export const listContacts: RouteHandler<typeof routes.listContacts, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  return c.json(
    await withCrm(c, 'crm:contacts:read', (tx, ctx) => contacts.listContacts(tx, ctx, query)),
    200,
  );
};

export const getContact: RouteHandler<typeof routes.getContact, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withCrm(c, 'crm:contacts:read', (tx, ctx) => contactTimeline(tx, ctx, id)), 200);
};

export const updateContact: RouteHandler<typeof routes.updateContact, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const row = await withCrm(c, 'crm:contacts:manage', (tx, ctx) => contacts.updateContact(tx, ctx, id, body));
  return c.json(contacts.contactView(row), 200);
};

export const deleteContact: RouteHandler<typeof routes.deleteContact, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  await withCrm(c, 'crm:contacts:manage', (tx, ctx) => contacts.deleteContact(tx, ctx, id));
  return c.body(null, 204);
};

export const moveStage: RouteHandler<typeof routes.moveStage, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { stage, reason } = c.req.valid('json');
  const row = await withCrm(c, 'crm:contacts:manage', (tx, ctx) =>
    contacts.moveStage(tx, ctx, id, stage, reason),
  );
  return c.json(contacts.contactView(row), 200);
};

export const listDuplicates: RouteHandler<typeof routes.listDuplicates, AppEnv> = async (c) =>
  c.json(await withCrm(c, 'crm:contacts:read', (tx, ctx) => contacts.listDuplicates(tx, ctx)), 200);

export const mergeContacts: RouteHandler<typeof routes.mergeContacts, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { mergedId } = c.req.valid('json');
  const row = await withCrm(c, 'crm:contacts:manage', (tx, ctx) => merge(tx, ctx, id, mergedId));
  return c.json(contacts.contactView(row), 200);
};

export const logInteraction: RouteHandler<typeof routes.logInteraction, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  return c.json(
    await withCrm(c, 'crm:contacts:manage', (tx, ctx) => interactions.logInteraction(tx, ctx, id, body)),
    201,
  );
};

export const listInteractions: RouteHandler<typeof routes.listInteractions, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(
    await withCrm(c, 'crm:contacts:read', (tx, ctx) => interactions.listInteractions(tx, ctx, id)),
    200,
  );
};

export const addNote: RouteHandler<typeof routes.addNote, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { body } = c.req.valid('json');
  return c.json(await withCrm(c, 'crm:contacts:manage', (tx, ctx) => notes.addNote(tx, ctx, id, body)), 201);
};

export const listNotes: RouteHandler<typeof routes.listNotes, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await withCrm(c, 'crm:contacts:read', (tx, ctx) => notes.listNotes(tx, ctx, id)), 200);
};
