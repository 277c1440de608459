// The crm module's workflows, bundled by the worker (apps/worker/src/workflows-entry.ts).
export { crmFollowupSweepWorkflow } from './followup-sweep-workflow.ts';
