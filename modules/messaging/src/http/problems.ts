import { ProblemSchema, problemContentType } from '@dualcontrol/platform';

/** A problem answer with its own description (problemResponses' 422 text is for idempotency keys). */
export const problem = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: ProblemSchema } },
});
