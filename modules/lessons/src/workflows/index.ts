// The lessons module's workflows, bundled by the worker (apps/worker/src/workflows-entry.ts).
export { documentExpiryWorkflow } from './document-expiry-workflow.ts';
