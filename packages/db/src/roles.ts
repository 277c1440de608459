import type postgres from 'postgres';

export const APP_ROLE = 'dualcontrol_app';
export const PLATFORM_ROLE = 'dualcontrol_platform';

/**
 * The migrations create the roles without login; a deployment gives them credentials. The
 * launcher and the test harness do it here with one development password.
 */
export async function provisionRoleLogins(owner: postgres.Sql, password: string): Promise<void> {
  for (const role of [APP_ROLE, PLATFORM_ROLE]) {
    await owner.unsafe(`ALTER ROLE ${role} LOGIN PASSWORD ${quoteLiteral(password)}`);
  }
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
