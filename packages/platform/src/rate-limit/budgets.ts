/**
 * Who spends a budget: the client's address (anonymous calls; behind the portal, the browser's),
 * the signed-in user, the operator, or the address a mail goes to (so many addresses together
 * still cannot flood one inbox).
 */
export type BudgetKey = 'address' | 'user' | 'operator' | 'target-email';

export type Budget = { limit: number; windowSeconds: number; key: BudgetKey };

/**
 * Every rate limit of the API, in one place (ARCHITECTURE §3: a rate limit on every request).
 * Fixed windows; RATE_LIMIT_SCALE multiplies every limit (tests and the bench raise it).
 * Defaults are sized for people: a household behind one address, a staff member working fast.
 */
export const RATE_LIMITS = {
  /** New accounts from one address. */
  'auth.signup': { limit: 5, windowSeconds: 3600, key: 'address' },
  /** Reset mails asked for from one address… */
  'auth.password-reset': { limit: 10, windowSeconds: 3600, key: 'address' },
  /** …and sent to one inbox, whoever asks. */
  'auth.password-reset.target': { limit: 3, windowSeconds: 3600, key: 'target-email' },
  /** Following mailed links (verify an address, set a password): guessing tokens is pointless, but cap it. */
  'auth.link': { limit: 20, windowSeconds: 3600, key: 'address' },
  /** Sign-ins from one address, whatever their outcome (failures also meet the login throttle). */
  'auth.login': { limit: 60, windowSeconds: 300, key: 'address' },
  'platform.login': { limit: 20, windowSeconds: 300, key: 'address' },
  /** A school's public enquiry form (crm), per address: a family enquiring for two is fine, a bot is not. */
  'crm.enquiry': { limit: 5, windowSeconds: 3600, key: 'address' },
  /** Stripe delivers in bursts from a few addresses, and retries a refused delivery. */
  webhooks: { limit: 1200, windowSeconds: 60, key: 'address' },
  /** Anything else without a session: the public school page, calendar feeds, … */
  'anonymous.read': { limit: 600, windowSeconds: 60, key: 'address' },
  'anonymous.write': { limit: 60, windowSeconds: 60, key: 'address' },
  /** Signed-in reads, any role: generous (a busy diary page makes several). */
  'user.read': { limit: 1200, windowSeconds: 60, key: 'user' },
  /** Changes by a student or guardian: bookings, cancellations, their own profile. */
  'student.write': { limit: 60, windowSeconds: 60, key: 'user' },
  /** Changes by staff (owner, admin, instructor): imports and bulk edits go faster. */
  'staff.write': { limit: 600, windowSeconds: 60, key: 'user' },
  /** Platform operators, any method. */
  operator: { limit: 1200, windowSeconds: 60, key: 'operator' },
} as const satisfies Record<string, Budget>;

export type RateLimitGroup = keyof typeof RATE_LIMITS;

/** Operations with budgets of their own ("METHOD path" as routed); everything else by caller and method. */
export const ROUTE_BUDGETS: Record<string, readonly RateLimitGroup[]> = {
  'POST /api/v1/auth/signup': ['auth.signup'],
  'POST /api/v1/auth/password-reset': ['auth.password-reset', 'auth.password-reset.target'],
  'POST /api/v1/auth/password-reset/confirm': ['auth.link'],
  'POST /api/v1/auth/verify-email': ['auth.link'],
  'POST /api/v1/auth/login': ['auth.login'],
  'POST /api/v1/platform/login': ['platform.login'],
  'POST /api/v1/webhooks/stripe': ['webhooks'],
  'POST /api/v1/enquiries': ['crm.enquiry'],
};
