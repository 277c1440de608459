export { changePassword } from './auth/change-password.ts';
export { verificationToken, verifyEmail } from './auth/email-verification.ts';
export { invalidCredentials, loginUser } from './auth/login.ts';
export { DEFAULT_THROTTLE, LoginThrottle, type ThrottleLimits } from './auth/login-throttle.ts';
export { passwordLinkToken, requestPasswordReset, resetPassword } from './auth/password-reset.ts';
export { hashPassword, PasswordSchema, verifyPassword } from './auth/passwords.ts';
export {
  generateSessionToken,
  OPERATOR_SESSION_COOKIE,
  SESSION_TTL_MS,
  sessionIdFromToken,
  USER_SESSION_COOKIE,
} from './auth/session-token.ts';
export { signupStudent } from './auth/signup.ts';
export {
  type AuthenticatedUser,
  createUserSession,
  type PublicUser,
  publicUser,
  revokeUserSession,
} from './auth/user-sessions.ts';
export { applyTenantLogo } from './branding/apply-tenant-logo.ts';
export * from './branding/logo-errors.ts';
export {
  LOGO_BODY_MAX_BYTES,
  LOGO_MAX_BYTES,
  LOGO_MAX_SIDE,
  LOGO_SVG_MAX_BYTES,
  LOGO_TYPES,
} from './branding/logo-limits.ts';
export { type PreparedLogo, prepareLogo } from './branding/prepare-logo.ts';
export { SvgRejected, sanitizeSvg } from './branding/sanitize-svg.ts';
export {
  LOGO_PATH,
  type PublicLogo,
  publicBranding,
  publicLogo,
  removeSchoolLogo,
  storeSchoolLogo,
} from './branding/school-logo.ts';
export * from './demo/index.ts';
export {
  AppError,
  badRequest,
  conflict,
  type FieldError,
  forbidden,
  notFound,
  unauthorized,
} from './errors/app-error.ts';
export {
  fieldErrors,
  type Problem,
  problemBody,
  problemContentType,
  problemResponse,
  toAppError,
  validationError,
} from './errors/problem.ts';
export { faultPoint } from './faults/fault-point.ts';
export { CLIENT_ADDRESS_HEADER, clientAddress, PORTAL_SECRET_HEADER } from './http/client-address.ts';
export type { AppEnv, AppVariables, Deps } from './http/context.ts';
export { createRouter } from './http/create-router.ts';
export {
  hasPermission,
  requireAnyPermission,
  requireOperator,
  requirePermission,
  requireTenant,
  requireUser,
} from './http/guards.ts';
export {
  moduleGate,
  operatorSession,
  requestContext,
  requireSession,
} from './http/middleware.ts';
export { createModuleRouter, ModuleRouter, type UploadRoute } from './http/module-router.ts';
export {
  BODY_PROBLEMS,
  binaryContent,
  jsonBody,
  jsonContent,
  multipartFileBody,
  PageQuerySchema,
  ProblemSchema,
  page,
  problemResponses,
  sessionSecurity,
  settingsChanges,
} from './http/openapi.ts';
export { decodeCursor, encodeCursor, pageOf } from './http/pagination.ts';
export { DateOnly, Id, IdParams, Instant } from './http/params.ts';
export {
  type RequestScope,
  releaseRequestTransaction,
  requestDb,
  requestTx,
  tenantRequest,
} from './http/request-transaction.ts';
export { setSessionCookie } from './http/session-helpers.ts';
export { idempotency } from './idempotency/idempotency-key.ts';
export { createLogger, type Logger, type LogLevel, redact } from './logging/logger.ts';
export { localMailbox, type Mail, type Mailer, type SentMail, smtpMailer } from './mail/mailer.ts';
export * from './metrics/index.ts';
export {
  type EventSubscription,
  MODULE_IDS,
  type ModuleId,
  type ModuleManifest,
  type NavigationEntry,
  type UsageFigure,
  type WorkerDeps,
} from './modules/contract.ts';
export {
  type ModuleSettings,
  parseModuleSettings,
  readModuleSettings,
  updateModuleSettings,
} from './modules/module-settings.ts';
export { createModuleRegistry, type ModuleRegistry, moduleDisabled } from './modules/registry.ts';
export { freePort } from './net/free-port.ts';
export {
  ONBOARDING_STEPS,
  type OnboardingFacts,
  type OnboardingStepId,
} from './onboarding/onboarding-steps.ts';
export { type OnboardingView, onboardingIncomplete, readOnboarding } from './onboarding/read-onboarding.ts';
export {
  type AuthenticatedOperator,
  ensureOperator,
  loginOperator,
  revokeOperatorSession,
  validateOperatorSession,
} from './operators/operator-sessions.ts';
export {
  defineEvents,
  type EventCatalog,
  type EventDefinition,
  type EventInput,
  type EventPayload,
} from './outbox/catalog.ts';
export { type OutboxHealth, outboxHealth, retryDeadLetter } from './outbox/dead-letters.ts';
export {
  createOutboxDispatcher,
  type OutboxDispatcher,
  type RegisteredHandler,
} from './outbox/dispatcher.ts';
export { emitEvent, type OutboxEvent } from './outbox/events.ts';
export { type DeliveredEvent, subscribe } from './outbox/subscribe.ts';
export { createPerson } from './people/create-person.ts';
export { emailTaken, insertUser, type Person, type PersonKind } from './people/insert-person.ts';
export { inviteStudent } from './people/invite-student.ts';
export { listPeople } from './people/list-people.ts';
export { renameUser } from './people/rename-user.ts';
export {
  type InstructorProfile,
  type ProfileChanges,
  updateInstructorProfile,
} from './people/update-instructor-profile.ts';
export {
  type DisplayPreferences,
  PORTAL_LOCALES,
  readPreferences,
  savePreferences,
} from './people/user-preferences.ts';
export { userProfiles } from './people/user-profiles.ts';
export {
  type Budget,
  type BudgetKey,
  RATE_LIMITS,
  type RateLimitCount,
  RateLimiter,
  type RateLimitGroup,
  type RateLimitHit,
  ROUTE_BUDGETS,
  rateLimit,
} from './rate-limit/index.ts';
export { can, type Ownership, owns, requireCan } from './rbac/can.ts';
export {
  CORE_PERMISSIONS,
  type CorePermission,
  type ModulePermission,
  type Permission,
} from './rbac/permissions.ts';
export { ROLE_PERMISSIONS, type RolePermissions } from './rbac/role-permissions.ts';
export { createViewer, type PermissionSource, SYSTEM_VIEWER, type Viewer } from './rbac/viewer.ts';
export { createStorage } from './storage/create-storage.ts';
export { localDiskStorage } from './storage/local-disk-storage.ts';
export { type S3StorageOptions, s3Storage } from './storage/s3-storage.ts';
export {
  assertStorageKey,
  bodyBytes,
  MAX_KEY_LENGTH,
  type Storage,
  type StorageBody,
  StorageKeyError,
  type StoredObject,
} from './storage/storage.ts';
export * from './telemetry/index.ts';
export { startTemporalDevServer, type TemporalDevServer, temporalReachable } from './temporal/dev-server.ts';
export { findTemporalCli } from './temporal/temporal-cli.ts';
export {
  findTenant,
  type ResolvedTenant,
  type TenantKey,
  tenantFromRow,
  tenantKeyFrom,
} from './tenancy/resolve-tenant.ts';
export { TenantCache } from './tenancy/tenant-cache.ts';
export { applyModuleSeeds } from './tenants/apply-module-seeds.ts';
export { type ApplySummary, applyTenantDefinition } from './tenants/apply-tenant-definition.ts';
export { type CreateTenantInput, createTenant, slugTaken } from './tenants/create-tenant.ts';
export { getTenantBySlug, listTenants } from './tenants/list-tenants.ts';
export { readTenantFolder } from './tenants/read-tenant-folder.ts';
export { setTenantModule } from './tenants/set-tenant-module.ts';
export { setTenantStatus } from './tenants/set-tenant-status.ts';
export { type TenantDefinition, TenantDefinitionSchema } from './tenants/tenant-definition.ts';
export {
  ColorSchema,
  CurrencySchema,
  EmailSchema,
  LocaleSchema,
  NameSchema,
  SlugSchema,
  TimezoneSchema,
} from './tenants/tenant-fields.ts';
export { type TenantUsage, tenantUsage } from './tenants/tenant-usage.ts';
export { type TenantView, tenantView } from './tenants/tenant-view.ts';
export { contrastWithWhite, updateSchool } from './tenants/update-school.ts';
