/** Who is asking, at which school: what every crm service takes. */
export type CrmContext = {
  tenantId: string;
  /** The staff member (null for the system: subscriptions, the sweep, the public form). */
  userId: string | null;
  timezone: string;
  now: Date;
};
