import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '@dualcontrol/platform';
import { createPaymentsActivities } from './activities.ts';
import { paymentsDemo } from './demo/simulate-payments.ts';
import { paymentsEvents } from './events.ts';
import { PAYMENTS_PERMISSIONS } from './permissions.ts';
import { mountPaymentsRoutes } from './routes.ts';
import { seedPayments } from './seed.ts';
import { paymentsOnboarding } from './services/onboarding-facts.ts';
import { paymentsUsage } from './services/usage-figures.ts';
import { PaymentSettingsSchema } from './settings.ts';
import { paymentsSubscriptions } from './subscriptions.ts';

/**
 * Payments: manual payments (always), card payments through the school's Stripe account, a credit
 * ledger with packages, refunds, gapless invoices, payment plans, cancellation fees, instructor
 * earnings and the reports over them; the booking workflow's payment step and Stripe webhooks.
 */
export const paymentsModule: ModuleManifest = {
  id: 'payments',
  title: 'Payments',
  version: '0.2.0',
  dependsOn: ['scheduling'],
  routes: mountPaymentsRoutes,
  workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)),
  activities: createPaymentsActivities,
  events: paymentsEvents,
  subscriptions: paymentsSubscriptions,
  seed: seedPayments,
  demo: paymentsDemo,
  settings: PaymentSettingsSchema,
  permissions: PAYMENTS_PERMISSIONS,
  usage: paymentsUsage,
  onboarding: paymentsOnboarding,
  navigation: [
    { audience: 'student', label: 'Payments', path: '/payments' },
    { audience: 'instructor', label: 'Earnings', path: '/earnings' },
    { audience: 'admin', label: 'Finances', path: '/admin/finances' },
  ],
};

// What payments emits, for the modules that react to it (messaging, crm, analytics).
export { type PaymentsEvents, paymentsEvents } from './events.ts';
// The permission strings the module declares (stub manifests in tests reuse them).
export { PAYMENTS_PERMISSIONS } from './permissions.ts';
export { setApplicationFee } from './services/application-fee.ts';
// For modules that depend on payments (crm, analytics): students' usable credit and what they owe,
// read through payments' own queries (never its tables).
export { type CreditBalance, creditBalances } from './services/credit-balances.ts';
export { type OutstandingAmount, outstandingAmounts } from './services/outstanding.ts';
export { PaymentSettingsSchema, readPaymentSettings } from './settings.ts';
