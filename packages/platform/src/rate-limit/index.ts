export { type Budget, type BudgetKey, RATE_LIMITS, type RateLimitGroup, ROUTE_BUDGETS } from './budgets.ts';
export { rateLimit } from './rate-limit-middleware.ts';
export { type RateLimitCount, RateLimiter, type RateLimitHit } from './rate-limiter.ts';
