// The payments module's workflows, bundled by the worker (apps/worker/src/workflows-entry.ts).
export { bookingPaymentWorkflow } from './booking-payment-workflow.ts';
export { paymentPlanWorkflow } from './payment-plan-workflow.ts';
