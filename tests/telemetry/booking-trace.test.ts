/**
 * OpenTelemetry end to end (issue 15), with real processes: the portal, the API and the worker
 * (their main.ts) export to a local OTLP/HTTP receiver. A booking made in the portal is one
 * trace: the portal's span, the API's request span, its database spans, the outbox handler's spans in the worker, the
 * Temporal client, workflow and activity spans, all under the same trace id with correct parents;
 * the school's id and the request id are attributes, no email or name is in any attribute, and
 * the API's log line carries the trace id. With OTEL_EXPORTER_OTLP_ENDPOINT unset, nothing is
 * traced or exported.
 */
import { randomUUID } from 'node:crypto';
import { freePort } from '@dualcontrol/platform';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '@dualcontrol/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createSchedulingSchool,
  createTestApi,
  type SchedulingSchool,
  startAhead,
  type TestApi,
} from '../scheduling/scheduling-fixture.ts';
import {
  apiAnswers,
  apiMain,
  portalMain,
  postForm,
  type Started,
  startProcess,
  workerMain,
} from './processes.ts';

let receiver: OtlpReceiver;
let setup: TestApi; // the in-process API that builds the school (not traced)
let school: SchedulingSchool;
const started: Started[] = [];
let taskQueue: string;

function processEnv(extra: Record<string, string>): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DEMO_TENANTS: 'false',
    RATE_LIMIT_SCALE: '1000',
    DATABASE_URL: setup.tdb.ownerUrl,
    DATABASE_APP_URL: setup.tdb.appUrl,
    DATABASE_PLATFORM_URL: setup.tdb.platformUrl,
    DATABASE_ROLE_PASSWORD: setup.tdb.env.DATABASE_ROLE_PASSWORD,
    TEMPORAL_ADDRESS: inject('dcTemporal').address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    // Spans leave in batches; a short delay keeps the test quick.
    OTEL_BSP_SCHEDULE_DELAY: '100',
    ...extra,
  };
}

async function startApi(extra: Record<string, string>) {
  const port = await freePort();
  const api = await startProcess(
    apiMain,
    processEnv({ ...extra, API_PORT: String(port), API_WORKERS: '1' }),
    apiAnswers(port),
  );
  started.push(api);
  return { ...api, port };
}

async function book(port: number, student: { token: string }, daysAhead: number) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/bookings`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-tenant': school.slug,
      authorization: `Bearer ${student.token}`,
    },
    body: JSON.stringify({
      instructorId: school.instructor.id,
      start: startAhead(school.timezone, daysAhead, '10:00'),
      durationMinutes: 60,
    }),
  });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return { id: body.id, requestId: res.headers.get('x-request-id')! };
}

const byName = (spans: ReceivedSpan[], name: string) => spans.find((s) => s.name === name);

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  taskQueue = `telemetry-${randomUUID()}`;
  setup = await createTestApi();
  school = await createSchedulingSchool(setup, 'traced');
}, 240_000);

afterAll(async () => {
  for (const p of started) await p.stop().catch(() => {});
  await setup?.close();
  await receiver?.close();
});

describe('OpenTelemetry traces', () => {
  it('a booking made in the portal is one connected trace from the page to the Temporal activity', async () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    const api = await startApi(endpoint);
    const worker = await startProcess(workerMain, processEnv(endpoint), (out) =>
      out.includes('worker running'),
    );
    started.push(worker);
    const portalPort = await freePort();
    const portal = await startProcess(
      portalMain,
      processEnv({
        ...endpoint,
        PORTAL_PORT: String(portalPort),
        PORTAL_API_URL: `http://127.0.0.1:${api.port}`,
        APP_DOMAIN: 'localhost',
      }),
      (out) => out.includes('portal running'),
    );
    started.push(portal);

    // The student signs in and books through the portal's forms, as a browser without JavaScript.
    const student = school.students[0];
    const signedIn = await postForm(portalPort, school.slug, '/sign-in', {
      email: student.email,
      password: student.password,
    });
    expect(signedIn.status, signedIn.text.slice(0, 500)).toBe(302);
    const booked = await postForm(
      portalPort,
      school.slug,
      '/book',
      {
        by: school.instructor.id,
        start: startAhead(school.timezone, 2, '10:00'),
        duration: '60',
        type: school.lessonTypeId,
      },
      signedIn.cookies.join('; '),
    );
    expect(booked.status, booked.text.slice(0, 500)).toBe(302);
    const bookingId = /booked=([0-9a-f-]{36})/.exec(booked.location ?? '')?.[1];
    expect(bookingId, booked.location).toBeDefined();

    // The portal's span for the form post is the trace's root.
    const isBookPost = (s: ReceivedSpan) =>
      s.service === 'dualcontrol-portal' && s.name === 'POST portal' && s.attributes['url.path'] === '/book';
    await receiver.waitFor((spans) => spans.some(isBookPost), 30_000, 'the portal span of the booking');
    const page = receiver.spans.find(isBookPost)!;
    const traceId = page.traceId;
    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    await receiver.waitFor(
      () => inTrace().some((s) => s.name === 'POST /api/v1/bookings'),
      30_000,
      'the API request span in the portal trace',
    );
    const request = inTrace().find((s) => s.name === 'POST /api/v1/bookings')!;
    const booking = { id: bookingId!, requestId: String(request.attributes['dc.request_id']) };
    await receiver.waitFor(
      () => inTrace().some((s) => s.name === 'RunActivity:getBookingStatus'),
      60_000,
      'the activity span in the booking trace',
    );

    // Cancelling ends the workflow, so its own span (open until then) is exported too.
    const cancel = await fetch(`http://127.0.0.1:${api.port}/api/v1/bookings/${booking.id}/cancel`, {
      method: 'POST',
      headers: { 'x-tenant': school.slug, authorization: `Bearer ${student.token}` },
    });
    expect(cancel.status).toBe(200);
    await receiver.waitFor(
      () => inTrace().some((s) => s.name === 'RunWorkflow:bookingWorkflow'),
      60_000,
      'the workflow span once the booking was cancelled',
    );
    await new Promise((r) => setTimeout(r, 500)); // stragglers of the same batch

    const spans = inTrace();
    const describeTrace = spans
      .map((s) => `${s.service} ${s.name} ${s.spanId}<-${s.parentSpanId}`)
      .join('\n');

    // The API's request span continues the portal's (traceparent), named by route, with the
    // school's id and the request id.
    expect(page.attributes).toMatchObject({ 'http.response.status_code': 302, 'dc.school': school.slug });
    expect(request).toMatchObject({ service: 'dualcontrol-api', parentSpanId: page.spanId });
    expect(booking.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.attributes).toMatchObject({
      'http.route': '/api/v1/bookings',
      'http.response.status_code': 201,
      'dc.tenant_id': school.tenant.id,
      'dc.request_id': booking.requestId,
    });

    // Database statements of the request, as children of its span (values never included).
    const apiStatements = spans.filter((s) => s.service === 'dualcontrol-api' && s.name.startsWith('db '));
    expect(
      apiStatements.some((s) => s.name === 'db INSERT'),
      describeTrace,
    ).toBe(true);
    const apiTransactions = new Set(
      spans
        .filter((s) => s.name === 'db.transaction' && s.parentSpanId === request.spanId)
        .map((s) => s.spanId),
    );
    expect(
      apiStatements.every((s) => s.parentSpanId === request.spanId || apiTransactions.has(s.parentSpanId)),
      describeTrace,
    ).toBe(true);
    expect(apiStatements.some((s) => String(s.attributes['db.query.text']).includes('$1'))).toBe(true);

    // The outbox: the worker's delivery continues the request's span; the handler runs under it.
    const deliver = byName(spans, 'outbox.deliver booking.requested');
    expect(deliver, describeTrace).toMatchObject({
      service: 'dualcontrol-worker',
      parentSpanId: request.spanId,
      attributes: { 'dc.tenant_id': school.tenant.id, 'dc.event_type': 'booking.requested' },
    });
    const handle = byName(spans, 'outbox.handle scheduling.start-booking-workflow');
    expect(handle, describeTrace).toMatchObject({
      service: 'dualcontrol-worker',
      parentSpanId: deliver!.spanId,
    });
    const handlerTx = spans.find((s) => s.name === 'db.transaction' && s.parentSpanId === handle!.spanId);
    expect(handlerTx, describeTrace).toMatchObject({ attributes: { 'dc.tenant_id': school.tenant.id } });

    // Temporal: the handler (in its transaction) starts the workflow, the workflow runs the activity.
    const startWorkflow = byName(spans, 'StartWorkflow:bookingWorkflow');
    expect(startWorkflow, describeTrace).toMatchObject({ parentSpanId: handlerTx!.spanId });
    const runWorkflow = byName(spans, 'RunWorkflow:bookingWorkflow');
    expect(runWorkflow, describeTrace).toMatchObject({ parentSpanId: startWorkflow!.spanId });
    const startActivity = byName(spans, 'StartActivity:getBookingStatus');
    expect(startActivity, describeTrace).toMatchObject({ parentSpanId: runWorkflow!.spanId });
    const runActivity = byName(spans, 'RunActivity:getBookingStatus');
    expect(runActivity, describeTrace).toMatchObject({
      service: 'dualcontrol-worker',
      parentSpanId: startActivity!.spanId,
    });
    // The activity's own statements are in the trace too.
    const activityTx = spans.find(
      (s) => s.name === 'db.transaction' && s.parentSpanId === runActivity!.spanId,
    );
    expect(activityTx, describeTrace).toMatchObject({ attributes: { 'dc.tenant_id': school.tenant.id } });
    expect(spans.some((s) => s.name === 'db SELECT' && s.parentSpanId === activityTx!.spanId)).toBe(true);

    // Connected: one root (the portal's), every other span's parent is in the same trace.
    const ids = new Set(spans.map((s) => s.spanId));
    expect(spans.filter((s) => s.parentSpanId === '').map((s) => s.name)).toEqual(['POST portal']);
    // A workflow's own span is exported when the workflow ends: the activities of one still running
    // (the CRM follow-up sweep that the student's first booking starts) wait for their parent.
    const orphans = spans.filter((s) => s.parentSpanId !== '' && !ids.has(s.parentSpanId));
    expect(
      orphans.filter((s) => !s.name.startsWith('StartActivity:') || s.name.endsWith(':getBookingStatus')),
      describeTrace,
    ).toEqual([]);

    // No personal data in any attribute of any span received.
    const people = [student, ...school.students, school.instructor, school.otherInstructor];
    const personal = people.flatMap((p) => [p.email, p.name]).filter(Boolean) as string[];
    expect(personal.length).toBeGreaterThan(0);
    for (const span of receiver.spans)
      for (const [key, value] of Object.entries(span.attributes))
        for (const item of personal)
          expect(String(value).includes(item), `${span.name} ${key} holds "${item}"`).toBe(false);

    // The stored event carries the request's trace; the API's log line names the trace.
    const [row] = await setup.tdb.owner<{ traceparent: string | null }[]>`
      select traceparent from outbox_events where type = 'booking.requested' and payload->>'bookingId' = ${booking.id}`;
    expect(row?.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const logged = api.logLines().find((l) => l.msg === 'request' && l.requestId === booking.requestId);
    expect(logged, api.output()).toMatchObject({ trace_id: traceId });
    expect(receiver.rejected).toEqual([]);
  }, 240_000);

  it('with OTEL_EXPORTER_OTLP_ENDPOINT unset nothing is traced or exported', async () => {
    const silent = await startOtlpReceiver();
    try {
      // The SDK would also read this one if it were loaded: it is not, so nothing arrives.
      const api = await startApi({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${silent.url}/v1/traces` });
      const booking = await book(api.port, school.students[1], 3);
      const [row] = await setup.tdb.owner<{ traceparent: string | null }[]>`
        select traceparent from outbox_events where type = 'booking.requested' and payload->>'bookingId' = ${booking.id}`;
      expect(row).toEqual({ traceparent: null });
      const logged = api.logLines().find((l) => l.msg === 'request' && l.requestId === booking.requestId);
      expect(logged, api.output()).toBeDefined();
      expect(logged).not.toHaveProperty('trace_id');
      await new Promise((r) => setTimeout(r, 1500)); // more than a batch delay
      expect(silent.spans).toEqual([]);
      expect(silent.rejected).toEqual([]);
      expect(receiver.spans.filter((s) => s.attributes['dc.request_id'] === booking.requestId)).toEqual([]);
    } finally {
      await silent.close();
    }
  }, 120_000);
});
