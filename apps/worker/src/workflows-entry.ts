import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '@dualcontrol/platform';

const coreWorkflows = fileURLToPath(new URL('./workflows/health-check.ts', import.meta.url));
// Inside the workspace, so the bundler resolves @temporalio/workflow from our node_modules.
const generatedDir = fileURLToPath(new URL('../.generated/', import.meta.url));

/**
 * Temporal bundles one workflows file; this writes one that re-exports the core workflows and
 * each module's `workflowsPath`, so adding a module needs no edit here.
 */
export function writeWorkflowsEntry(modules: readonly ModuleManifest[]): string {
  const paths = [coreWorkflows, ...modules.flatMap((m) => (m.workflowsPath ? [m.workflowsPath] : []))];
  mkdirSync(generatedDir, { recursive: true });
  const file = `${generatedDir}workflows.ts`;
  // Same content for every worker; written then renamed so a parallel worker never reads half a file.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${paths.map((p) => `export * from ${JSON.stringify(p)};`).join('\n')}\n`);
  renameSync(temp, file);
  return file;
}
