/** The platform operator's pages. */
export const operatorGB = {} as const;

/** en-US where American schools say it differently; anything missing falls back to en-GB. */
export const operatorUS: Partial<Record<keyof typeof operatorGB, string>> = {};
