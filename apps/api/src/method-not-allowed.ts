import { AppError } from '@dualcontrol/platform';

type RouteEntry = { method: string; path: string };

/**
 * RFC 9110 §15.5.6: a path that exists but not for this method answers 405 with `Allow`, not 404 —
 * a client then knows its URL is right and its method is wrong. The table is built once from the
 * app's own routes (middleware entries, method ALL, carry no operation and are skipped).
 */
export function methodNotAllowedLookup(routes: readonly RouteEntry[]) {
  let table: { pattern: RegExp; literals: number; methods: Set<string> }[] | undefined;
  const build = () => {
    const byPath = new Map<string, Set<string>>();
    for (const { method, path } of routes) {
      if (method === 'ALL' || path.includes('*')) continue;
      const methods = byPath.get(path) ?? new Set<string>();
      methods.add(method);
      if (method === 'GET') methods.add('HEAD');
      byPath.set(path, methods);
    }
    return [...byPath].map(([path, methods]) => ({
      pattern: new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+')}/?$`),
      literals: path.split('/').filter((part) => part && !part.startsWith(':')).length,
      methods,
    }));
  };

  /** The 405 for this request, or undefined when the method is allowed or the path unknown (a 404). */
  return (method: string, path: string): AppError | undefined => {
    table ??= build();
    // `/payment-methods/setup` also matches `/payment-methods/:id`; the document lists the path
    // that names it literally, so only the most literal matches say what is allowed.
    const matches = table.filter((entry) => entry.pattern.test(path));
    if (matches.length === 0) return undefined;
    const mostLiteral = Math.max(...matches.map((m) => m.literals));
    const allowed = new Set<string>();
    for (const entry of matches)
      if (entry.literals === mostLiteral) for (const m of entry.methods) allowed.add(m);
    if (allowed.size === 0 || allowed.has(method)) return undefined;
    const allow = [...allowed].sort().join(', ');
    return new AppError('request.method_not_allowed', {
      status: 405,
      title: 'Method not allowed',
      detail: `${method} is not allowed on ${path}; allowed: ${allow}.`,
      headers: { Allow: allow },
    });
  };
}
