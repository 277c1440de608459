import { type ApiClient, ApiProblem } from './api.server.ts';

/** Replaces an instructor's weekly hours; the API's refusals come back as a message for the form. */
export async function saveWeeklyHours(
  api: ApiClient,
  instructorId: string,
  timezone: string,
  weekly: { day: string; start: string; end: string }[],
): Promise<{ saved: boolean; error: string | null }> {
  try {
    await api.put(`/api/v1/instructors/${instructorId}/availability`, { timezone, weekly });
    return { saved: true, error: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500)
      return { saved: false, error: error.errors.map((e) => e.message).join('; ') || error.detail };
    throw error;
  }
}
