import type { Server } from 'node:http';
import { freePort } from '@dualcontrol/platform';
import { LOCALSTRIPE_SECRET_KEY } from '@dualcontrol/testing';
import { serve } from '@hono/node-server';
import { inject } from 'vitest';
import { stripeEnv } from '../payments/payments-fixture.ts';
import { createTestApi, type TestApi } from '../scheduling/scheduling-fixture.ts';

/**
 * The real API (a fresh cloned database) listening on a loopback port, because schemathesis is
 * an outside HTTP client; plus one school with its owner and a student, both signed in through
 * the API as a user would be.
 */
export async function startFuzzStack(slug: string) {
  // Temporal and the Stripe stand-in connected, as in production: without them /api/readyz and
  // the card operations answer their (declared) 503, which the fuzzer counts as server errors.
  const api: TestApi = await createTestApi({
    env: {
      ...stripeEnv(),
      TEMPORAL_ADDRESS: inject('dcTemporal').address,
      TEMPORAL_TASK_QUEUE: `fuzz-${slug}`,
    },
  });
  const port = await freePort();
  const server = serve({ fetch: api.app.fetch, port, hostname: '127.0.0.1' }) as Server;
  const school = await api.createSchool(slug);
  const stripe = await api.call('PUT', '/api/v1/payments/account', {
    tenant: slug,
    token: school.ownerToken,
    body: {
      mode: 'stripe_keys',
      secretKey: LOCALSTRIPE_SECRET_KEY,
      publishableKey: 'pk_test_fuzz',
      webhookSecret: 'whsec_fuzz',
    },
  });
  if (stripe.status !== 200)
    throw new Error(`stripe account: ${stripe.status} ${JSON.stringify(stripe.body)}`);
  // A second person of each kind gives the generated ids something real to sometimes collide with.
  await api.addPerson(slug, school.ownerToken, 'instructors', `Ian ${slug}`);
  const student = await api.addPerson(slug, school.ownerToken, 'students', `Sam ${slug}`);
  return {
    api,
    slug,
    baseUrl: `http://127.0.0.1:${port}`,
    ownerToken: school.ownerToken,
    studentToken: student.token as string,
    async close() {
      await new Promise((r) => server.close(r));
      await api.close();
    },
  };
}

export type FuzzStack = Awaited<ReturnType<typeof startFuzzStack>>;
