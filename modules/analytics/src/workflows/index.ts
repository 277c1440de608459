// The analytics module's workflows, bundled by the worker (apps/worker/src/workflows-entry.ts).
export { rebuildAnalyticsFactsWorkflow } from './rebuild-facts-workflow.ts';
