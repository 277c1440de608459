/** The school admin's pages: dashboard, setup, people, finances. */
export const adminGB = {} as const;

/** en-US where American schools say it differently; anything missing falls back to en-GB. */
export const adminUS: Partial<Record<keyof typeof adminGB, string>> = {};
