import { type ApiClient, ApiProblem } from './api.server.ts';
import type { ImportRow, RowResult } from './student-import.ts';
import type { Person } from './types.ts';

/** The page on this school's host where an invited student chooses a password. */
export function setPasswordUrl(request: Request): string {
  const here = new URL(request.url);
  return `${here.protocol}//${request.headers.get('host') ?? here.host}/reset-password`;
}

const apiMessage = (error: ApiProblem) => error.errors.map((e) => e.message).join('; ') || error.detail;

/** Mails a student without a password the link to choose one; the API's refusal comes back as text. */
export async function inviteStudent(
  api: ApiClient,
  request: Request,
  studentId: string,
): Promise<{ sentTo: string; error: null } | { sentTo: null; error: string }> {
  try {
    const sent = await api.post<{ sentTo: string }>(`/api/v1/students/${studentId}/invitation`, {
      setPasswordUrl: setPasswordUrl(request),
    });
    return { sentTo: sent.sentTo, error: null };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { sentTo: null, error: apiMessage(error) };
    throw error;
  }
}

/**
 * Adds the rows one by one through the API (no password: each is invited). A refused row does
 * not stop the others; its reason is the API's own message.
 */
export async function importStudents(api: ApiClient, request: Request, rows: ImportRow[]) {
  const results: RowResult[] = [];
  for (const row of rows) {
    try {
      const person = await api.post<Person>('/api/v1/students', { name: row.name, email: row.email });
      const invited = await inviteStudent(api, request, person.id);
      results.push({ ...row, created: true, ...(invited.error ? { inviteError: invited.error } : {}) });
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
      results.push({ ...row, created: false, message: apiMessage(error) });
    }
  }
  return results;
}
