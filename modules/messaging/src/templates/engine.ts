import { Liquid, type Template } from 'liquidjs';

/*
 * Two Liquid engines, both strict: an undefined variable or filter is an error, never an empty
 * string in someone's email. The text engine leaves output as written (SMS, push, in-app, email's
 * text part); the HTML engine escapes every output so a student's name cannot inject markup.
 * No file system: a school's template may not {% include %} files from the server, and the limits
 * stop a template from looping the worker to death.
 */
const noFiles = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new Error('templates cannot include files');
  },
  readFileSync: () => {
    throw new Error('templates cannot include files');
  },
  resolve: (_root: string, file: string) => file,
};

const options = {
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  fs: noFiles,
  root: [] as string[],
  relativeReference: false,
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
};

export const textEngine = new Liquid(options);
export const htmlEngine = new Liquid({ ...options, outputEscape: 'escape' });

/** A template's problem at save time: which part (subject, body, html) and what is wrong. */
export type TemplateProblem = { path: string; message: string };

/**
 * Parses one part and checks the names it uses against what the event provides: unknown names
 * and syntax errors are problems at save time, so nothing fails at send time.
 */
export function checkTemplatePart(
  path: string,
  source: string,
  allowed: ReadonlySet<string>,
  engine: Liquid = textEngine,
): { problems: TemplateProblem[]; used: string[] } {
  let parsed: Template[];
  try {
    parsed = engine.parse(source);
  } catch (error) {
    return { problems: [{ path, message: `not valid Liquid: ${(error as Error).message}` }], used: [] };
  }
  let used: string[];
  try {
    used = engine.globalFullVariablesSync(parsed);
  } catch (error) {
    return { problems: [{ path, message: (error as Error).message }], used: [] };
  }
  const problems = [...new Set(used)]
    .filter((name) => !allowed.has(name))
    .map((name) => ({
      path,
      message: `unknown variable "${name}"; this event provides: ${[...allowed].join(', ')}`,
    }));
  return { problems, used };
}

/** Parsed templates by engine and source: a fan-out of thousands renders the same few sources. */
const parsedCache = new WeakMap<Liquid, Map<string, Template[]>>();
const CACHE_LIMIT = 500;

function parsed(engine: Liquid, source: string): Template[] {
  let cache = parsedCache.get(engine);
  if (!cache) {
    cache = new Map();
    parsedCache.set(engine, cache);
  }
  let templates = cache.get(source);
  if (!templates) {
    templates = engine.parse(source);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(source, templates);
  }
  return templates;
}

/** Renders a part (throws on an undefined variable: strict). */
export function renderPart(
  source: string,
  vars: Record<string, unknown>,
  engine: Liquid = textEngine,
): string {
  return engine.renderSync(parsed(engine, source), vars) as string;
}
