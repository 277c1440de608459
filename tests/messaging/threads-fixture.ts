import { createGroupSchool } from '../scheduling/group-fixture.ts';
import { startAhead, type TestApi } from '../scheduling/scheduling-fixture.ts';

export type ThreadsSchool = Awaited<ReturnType<typeof createThreadsSchool>>;

/**
 * A school where relations are made the way the product makes them: `sam` has a lesson booked
 * with `ian` (the instructor), `sue` holds a seat in ian's group session with sam, `sid` has no
 * lesson with anyone; `olga` (the other instructor) teaches nobody. Plus an admin.
 */
export async function createThreadsSchool(api: TestApi, slug: string) {
  const school = await createGroupSchool(api, slug, { capacity: 4 });
  const [sam, sue, sid] = school.students;
  const ian = school.instructor;
  const olga = school.otherInstructor;
  const booking = await school.call('POST', '/api/v1/bookings', school.ownerToken, {
    instructorId: ian.id,
    studentId: sam!.id,
    start: startAhead(school.timezone, 3, '10:00'),
    durationMinutes: 60,
  });
  if (booking.status !== 201) throw new Error(`booking: ${booking.status} ${JSON.stringify(booking.body)}`);
  const group = await school.open({ token: school.ownerToken }, startAhead(school.timezone, 4, '12:00'), {
    studentId: sam!.id,
  });
  const seat = await school.take(group.id, sue!.token, undefined);
  if (seat.status !== 200 && seat.status !== 201)
    throw new Error(`seat: ${seat.status} ${JSON.stringify(seat.body)}`);
  const admin = await api.addPerson(slug, school.ownerToken, 'students', `Ada ${slug}`);
  // An admin is made by role: the people API makes students and instructors only.
  await api.tdb.platformDb.sql`insert into user_roles (tenant_id, user_id, role)
    values (${school.tenant.id}, ${admin.userId}, 'admin')`;
  await api.tdb.platformDb.sql`delete from user_roles where user_id = ${admin.userId} and role = 'student'`;
  await api.tdb.platformDb.sql`delete from students where user_id = ${admin.userId}`;
  const adminToken = await api.login(slug, admin.email, admin.password);
  const [owner] = await api.tdb.platformDb.sql<{ id: string }[]>`select u.id from users u
    join user_roles r on r.tenant_id = u.tenant_id and r.user_id = u.id and r.role = 'owner'
    where u.tenant_id = ${school.tenant.id}`;
  return {
    ...school,
    sam: sam!,
    sue: sue!,
    sid: sid!,
    ian,
    olga,
    lessonBookingId: booking.body.id as string,
    groupBookingId: group.id,
    admin: { ...admin, token: adminToken },
    ownerUserId: owner!.id,
  };
}

export type SseEvent = { event: string; data: string };

/** An EventSource-like reader of the live stream, through the in-process app. */
export async function openStream(api: TestApi, tenant: string, token: string) {
  const res = await api.app.request('/api/v1/messaging/stream', {
    headers: { 'x-tenant': tenant, authorization: `Bearer ${token}` },
  });
  const events: SseEvent[] = [];
  let ended = false;
  if (res.status !== 200 || !res.body) throw new Error(`stream: ${res.status} ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const waiters: (() => void)[] = [];
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const lines = block.split('\n');
        const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
        if (event) events.push({ event, data: data ?? '' });
        else if (block.startsWith(':')) events.push({ event: 'comment', data: block });
        for (const w of waiters.splice(0)) w();
        cut = buffer.indexOf('\n\n');
      }
    }
    ended = true;
    for (const w of waiters.splice(0)) w();
  })();
  const stream = {
    status: res.status,
    headers: res.headers,
    events,
    get ended() {
      return ended;
    },
    /**
     * Waits (up to `ms`) for an event matching `pred` among those not yet seen. Only ever awaited for
     * an event that must come, so the bound is generous: NOTIFY to stream can take seconds under load.
     */
    async next(pred: (e: SseEvent) => boolean, ms = 10_000): Promise<SseEvent | undefined> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = events.find(pred);
        if (found) return found;
        if (ended || Date.now() > deadline) return undefined;
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, Math.max(0, deadline - Date.now()));
        });
      }
    },
    async close() {
      await reader.cancel().catch(() => undefined);
      await pump;
    },
  };
  await stream.next((e) => e.event === 'ready');
  return stream;
}

/** A tiny real PNG (1×1). */
export const PNG_1PX = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
);

/** Uploads a file to a message through the in-process app (multipart). */
export async function uploadTo(
  api: TestApi,
  opts: {
    tenant: string;
    token: string;
    threadId: string;
    messageId: string;
    bytes: Uint8Array;
    name?: string;
  },
) {
  const form = new FormData();
  form.append(
    'file',
    new Blob([Buffer.from(opts.bytes)], { type: 'application/octet-stream' }),
    opts.name ?? 'photo.png',
  );
  const res = await api.app.request(
    `/api/v1/messaging/threads/${opts.threadId}/messages/${opts.messageId}/attachments`,
    {
      method: 'POST',
      headers: { 'x-tenant': opts.tenant, authorization: `Bearer ${opts.token}` },
      body: form,
    },
  );
  const text = await res.text();
  return {
    status: res.status,
    body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text,
  };
}
