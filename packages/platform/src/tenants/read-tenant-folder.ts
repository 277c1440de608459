import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fieldErrors } from '../errors/problem.ts';
import { type TenantDefinition, TenantDefinitionSchema } from './tenant-definition.ts';

/** Reads and validates `<folder>/tenant.json`; the error names the file and every field at fault. */
export async function readTenantFolder(folder: string): Promise<TenantDefinition> {
  const file = join(folder, 'tenant.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const parsed = TenantDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = fieldErrors(parsed.error, '').map((f) => `  ${f.path || '(root)'}: ${f.message}`);
    throw new Error(`${file} is not a valid tenant definition:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
