import type { TestProject } from 'vitest/node';
import './provided.ts';
import { startLocalstripe } from './stripe/start-localstripe.ts';

/** One stateful Stripe stand-in (localstripe, loopback) per test run, for the payments suites. */
export default async function setup(project: TestProject) {
  const stripe = await startLocalstripe();
  project.provide('dcStripe', { host: stripe.host, port: stripe.port });
  return () => stripe.stop();
}
