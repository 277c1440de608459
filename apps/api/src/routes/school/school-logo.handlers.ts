import { tenants } from '@dualcontrol/db';
import {
  type AppEnv,
  AppError,
  LOGO_BODY_MAX_BYTES,
  logoMissing,
  logoNotFound,
  logoNotMultipart,
  prepareLogo,
  releaseRequestTransaction,
  removeSchoolLogo,
  requirePermission,
  requireTenant,
  storeSchoolLogo,
} from '@dualcontrol/platform';
import type { RouteHandler } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type * as routes from './school.routes.ts';
import { schoolView } from './school-view.ts';

/** For create-app: this path takes multipart and has its own body limit (below), not the global one. */
export const LOGO_UPLOAD = {
  method: 'PUT',
  pattern: /^\/api\/v1\/school\/logo$/,
  maxBytes: LOGO_BODY_MAX_BYTES,
};

/** The office only, checked before a byte of the body is read. */
export const requireLogoManager = createMiddleware<AppEnv>(async (c, next) => {
  requirePermission(c, 'tenant:manage');
  await next();
});

/** Content-Length or a chunked body: either way no more than this is read. */
export const logoBodyLimit = bodyLimit({
  maxSize: LOGO_BODY_MAX_BYTES,
  onError: () => {
    throw new AppError('branding.logo_too_large', {
      status: 413,
      title: 'Payload too large',
      detail: `The upload is larger than ${LOGO_BODY_MAX_BYTES} bytes; a logo may be at most 2 MB.`,
      fields: [{ path: 'body.file', message: `larger than ${LOGO_BODY_MAX_BYTES} bytes` }],
    });
  },
});

/** The one file of a multipart upload, field `file`. */
async function uploadedFile(c: Context<AppEnv>) {
  if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) throw logoNotMultipart();
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch (error) {
    if (error instanceof AppError) throw error; // the body limit
    throw logoNotMultipart(); // a multipart header over a body that is not
  }
  const files = form.getAll('file');
  const file = files[0];
  if (files.length !== 1 || !(file instanceof File)) throw logoMissing();
  return new Uint8Array(await file.arrayBuffer());
}

async function tenantRow(c: Context<AppEnv>, id: string) {
  const [row] = await c.get('deps').platformDb.db.select().from(tenants).where(eq(tenants.id, id));
  return row!;
}

export const uploadLogo: RouteHandler<typeof routes.uploadLogo, AppEnv> = async (c) => {
  const user = requirePermission(c, 'tenant:manage');
  const tenant = requireTenant(c);
  // No database connection is held while a slow upload arrives and is resized.
  await releaseRequestTransaction(c);
  const logo = await prepareLogo(await uploadedFile(c));
  const { platformDb, storage } = c.get('deps');
  await storeSchoolLogo(
    { platformDb, storage, log: c.get('log') },
    { kind: 'user', id: user.id },
    tenant.id,
    logo,
  );
  return c.json(schoolView(await tenantRow(c, tenant.id), tenant.modules), 200);
};

export const deleteLogo: RouteHandler<typeof routes.deleteLogo, AppEnv> = async (c) => {
  const user = requirePermission(c, 'tenant:manage');
  const tenant = requireTenant(c);
  await releaseRequestTransaction(c);
  const { platformDb, storage } = c.get('deps');
  await removeSchoolLogo(
    { platformDb, storage, log: c.get('log') },
    { kind: 'user', id: user.id },
    tenant.id,
  );
  return c.body(null, 204);
};

/**
 * Headers of the logo. It is a user's upload served from our origin: the browser must take it as
 * exactly the stored type (nosniff), and an SVG opened on its own must run nothing (a CSP that
 * allows only its inline styles, sandboxed). Other sites may embed it (e-mails, the school's own
 * site), so it is cross-origin readable.
 */
const LOGO_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  'Cross-Origin-Resource-Policy': 'cross-origin',
} as const;

export const getLogo: RouteHandler<typeof routes.getLogo, AppEnv> = async (c) => {
  const tenant = requireTenant(c);
  const logo = (await tenantRow(c, tenant.id)).branding.logo;
  if (!logo) throw logoNotFound();
  const etag = `"${logo.version}"`;
  // The versioned URL never changes meaning; the bare one is rechecked every few minutes.
  const cacheControl =
    c.req.valid('query').v === logo.version
      ? 'public, max-age=31536000, immutable'
      : 'public, max-age=300, must-revalidate';
  if ((c.req.header('if-none-match') ?? '').split(/\s*,\s*/).includes(etag))
    return c.body(null, 304, { ETag: etag, 'Cache-Control': cacheControl, ...LOGO_HEADERS }) as never;
  const object = await c.get('deps').storage.get(logo.key);
  if (!object) {
    c.get('log').error('logo bytes missing from storage', { key: logo.key });
    throw logoNotFound();
  }
  return c.body(object.body, 200, {
    ...LOGO_HEADERS,
    'Content-Type': logo.contentType,
    'Content-Length': String(object.size),
    ETag: etag,
    'Cache-Control': cacheControl,
  }) as never;
};
