import { systemActor } from '@dualcontrol/db';
import type { WorkerDeps } from '@dualcontrol/platform';
import { stepDocumentExpiry } from './services/document-notices.ts';

/** Thin activities over the lessons services, each acting as the system for one school. */
export function createLessonsActivities(deps: WorkerDeps) {
  return {
    /** Sends a document's due expiry notice (once) and says when the next falls due. */
    async documentExpiryStep(input: { tenantId: string; documentId: string }) {
      return deps.db.withTenant(input.tenantId, systemActor, (tx) =>
        stepDocumentExpiry(tx, { ...input, now: new Date() }),
      );
    },
  };
}

export type LessonsActivities = ReturnType<typeof createLessonsActivities>;
