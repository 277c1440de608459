// The bundle entry the worker re-exports (manifest `workflowsPath`): workflow functions only.
export { bookingWorkflow } from './booking-workflow.ts';
