/**
 * The mixed load of tests/pooler: two schools' owners, instructors and students calling reads and
 * writes at once, each answer checked against the school and the person that asked.
 */

export type Sent = { status: number; text: string };
export type Send = (
  method: string,
  path: string,
  token: string,
  tenant: string,
  body?: unknown,
) => Promise<Sent>;

export type Actor = { role: 'owner' | 'instructor' | 'student'; userId: string; token: string };

export type LoadSchool = {
  slug: string;
  tenantId: string;
  currency: string;
  timezone: string;
  /** What this school's students set as their own preferences. */
  preferences: { locale: string; timezone: string };
  /** The colours its owner sets: another school's colour in an answer would be a leak. */
  palette: string[];
  actors: Actor[];
  /** Every id, email and name prefix of this school's rows: none may appear in another's answers. */
  marks: Set<string>;
};

/** What one request saw, for the checks after the load. */
export type Outcome = {
  school: string;
  kind: string;
  status: number;
  text: string;
  /** From the probe: the backend that served it and the settings its transaction had. */
  probe?: { tenantId: string; userId: string; pid: number };
};

export const PROBE_PATH = '/api/v1/test-pooler-probe';

/** A small seeded generator, so a failing mix can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// biome-ignore lint/suspicious/noExplicitAny: answers of many operations, each checked field by field
type Check = (s: LoadSchool, a: Actor, body: any) => void;
type Kind = {
  name: string;
  who: Actor['role'][];
  request: (s: LoadSchool, n: number) => { method: string; path: string; body?: unknown };
  status: number;
  check: Check;
};

function assert(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message);
}

const KINDS: Kind[] = [
  {
    name: 'probe',
    who: ['owner', 'instructor', 'student'],
    request: () => ({ method: 'GET', path: PROBE_PATH }),
    status: 200,
    check: (s, a, b) => {
      assert(b.tenantId === s.tenantId, `probe: tenant ${b.tenantId}, expected ${s.tenantId}`);
      assert(b.userId === a.userId, `probe: user ${b.userId}, expected ${a.userId}`);
    },
  },
  {
    name: 'school',
    who: ['owner', 'instructor', 'student'],
    request: () => ({ method: 'GET', path: '/api/v1/school' }),
    status: 200,
    check: (s, _a, b) => {
      assert(
        b.slug === s.slug && b.currency === s.currency && b.timezone === s.timezone,
        'school: another school',
      );
      const colour = b.branding?.primaryColor;
      assert(
        colour === undefined || s.palette.includes(colour),
        `school: colour ${colour} is not ${s.slug}'s`,
      );
    },
  },
  {
    name: 'me',
    who: ['owner', 'instructor', 'student'],
    request: () => ({ method: 'GET', path: '/api/v1/auth/me' }),
    status: 200,
    check: (s, a, b) => {
      assert(b.user.id === a.userId, `me: user ${b.user.id}, expected ${a.userId}`);
      const tz = b.preferences.timezone;
      assert(tz === null || tz === s.preferences.timezone, `me: time zone ${tz} is not ${s.slug}'s`);
    },
  },
  {
    name: 'students',
    who: ['owner'],
    request: () => ({ method: 'GET', path: '/api/v1/students?limit=100' }),
    status: 200,
    check: (s, _a, b) => {
      assert(b.data.length > 0, 'students: none');
      for (const p of b.data) assert(s.marks.has(p.userId), `students: ${p.userId} is not ${s.slug}'s`);
    },
  },
  {
    name: 'instructors',
    who: ['owner'],
    request: () => ({ method: 'GET', path: '/api/v1/instructors?limit=100' }),
    status: 200,
    check: (s, _a, b) => {
      for (const p of b.data) assert(s.marks.has(p.userId), `instructors: ${p.userId} is not ${s.slug}'s`);
    },
  },
  {
    name: 'locations',
    who: ['owner'],
    request: () => ({ method: 'GET', path: '/api/v1/locations' }),
    status: 200,
    check: (s, _a, b) => {
      for (const l of b.data)
        assert(l.name.startsWith(`${s.slug} `), `locations: "${l.name}" is not ${s.slug}'s`);
    },
  },
  {
    name: 'add-location',
    who: ['owner'],
    request: (s, n) => ({
      method: 'POST',
      path: '/api/v1/locations',
      body: { kind: 'pickup', name: `${s.slug} pickup ${n}`, address: `${n} ${s.slug} Road` },
    }),
    status: 201,
    check: (s, _a, b) => {
      assert(b.name.startsWith(`${s.slug} `), 'add-location: another name');
      s.marks.add(b.id);
    },
  },
  {
    name: 'set-colour',
    who: ['owner'],
    request: (s, n) => ({
      method: 'PATCH',
      path: '/api/v1/school',
      body: { branding: { primaryColor: s.palette[n % s.palette.length] } },
    }),
    status: 200,
    check: (s, _a, b) => {
      assert(b.slug === s.slug && s.palette.includes(b.branding.primaryColor), 'set-colour: another school');
    },
  },
  {
    name: 'set-preferences',
    who: ['student', 'instructor'],
    request: (s) => ({ method: 'PUT', path: '/api/v1/auth/me/preferences', body: s.preferences }),
    status: 200,
    check: (s, _a, b) => {
      assert(b.preferences.timezone === s.preferences.timezone, 'set-preferences: another time zone');
    },
  },
];

/**
 * Sends `total` requests, `concurrency` at a time, alternating schools, of kinds and callers drawn
 * from `seed`. Answers are checked as they come; the caller checks leaks across schools afterwards.
 */
export async function runLoad(
  send: Send,
  schools: LoadSchool[],
  options: { total: number; concurrency: number; seed: number; kinds?: (name: string) => boolean },
): Promise<{ outcomes: Outcome[]; failures: string[]; ms: number }> {
  const random = seeded(options.seed);
  const kinds = KINDS.filter((k) => options.kinds?.(k.name) ?? true);
  const plan = Array.from({ length: options.total }, (_, i) => {
    const school = schools[i % schools.length]!;
    const kind = kinds[Math.floor(random() * kinds.length)]!;
    const candidates = school.actors.filter((a) => kind.who.includes(a.role));
    const actor = candidates[Math.floor(random() * candidates.length)]!;
    return { school, kind, actor, n: i };
  });
  const outcomes: Outcome[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  async function lane() {
    for (let i = next++; i < plan.length; i = next++) {
      const { school, kind, actor, n } = plan[i]!;
      const req = kind.request(school, n);
      const res = await send(req.method, req.path, actor.token, school.slug, req.body);
      const outcome: Outcome = { school: school.slug, kind: kind.name, status: res.status, text: res.text };
      outcomes.push(outcome);
      try {
        assert(
          res.status === kind.status,
          `status ${res.status}, expected ${kind.status}: ${res.text.slice(0, 200)}`,
        );
        const body = JSON.parse(res.text);
        kind.check(school, actor, body);
        if (kind.name === 'probe') outcome.probe = body;
      } catch (error) {
        failures.push(`${school.slug} ${kind.name} by ${actor.role}: ${(error as Error).message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return { outcomes, failures, ms: performance.now() - started };
}

/** Every answer that carries a mark (id, email, name) of a school other than the one that asked. */
export function leaks(outcomes: Outcome[], schools: LoadSchool[]): string[] {
  const found: string[] = [];
  for (const o of outcomes)
    for (const other of schools) {
      if (other.slug === o.school) continue;
      for (const mark of other.marks)
        if (o.text.includes(mark)) found.push(`${o.school} ${o.kind} answer holds ${other.slug}'s ${mark}`);
    }
  return found;
}
