import { type ApiClient, ApiProblem } from './api.server.ts';
import type { RecordBody } from './offline-record.ts';

/** What became of a record sent to the API, in the words the page and the service worker use. */
export type RecordOutcome =
  | { status: 'synced'; count: number }
  | { status: 'locked'; detail: string }
  | { status: 'failed'; detail: string };

/**
 * The whole record PUT to the API (idempotent: the same body twice leaves one record). A refusal
 * comes back to be shown; the edit window having closed (409 `lessons.record_locked`) is told
 * apart, because the instructor can do nothing about it but read it. Anything else (the API down,
 * a 5xx) is thrown: for a replay that means "try again later".
 */
export async function sendRecord(api: ApiClient, lessonId: string, body: RecordBody): Promise<RecordOutcome> {
  try {
    await api.put(`/api/v1/lessons/${encodeURIComponent(lessonId)}/record`, body);
    return { status: 'synced', count: body.entries.length };
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 409 && error.code.includes('record_locked'))
      return { status: 'locked', detail: error.detail };
    if (error instanceof ApiProblem && error.status < 500) return { status: 'failed', detail: error.detail };
    throw error;
  }
}
