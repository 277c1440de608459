/**
 * A lesson record as the record page sends it, whichever way it travels: the plain form post (no
 * JavaScript), or the copy kept on the phone (IndexedDB) that the service worker replays to
 * `/lessons/{id}/sync`. Both become the same whole-record PUT to the API, so a replay sent twice
 * leaves the record as once. Browser-safe: no server imports.
 */
export type RecordBody = {
  entries: { skillId: string; level: number }[];
  notes?: string;
};

const isLevel = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5;

/** The form's `level:<skillId>` radios ("" = not today) and its notes. */
export function recordFromForm(form: FormData): RecordBody {
  const entries: RecordBody['entries'] = [];
  for (const [key, value] of form) {
    if (!key.startsWith('level:')) continue;
    const level = Number(value);
    if (value !== '' && isLevel(level)) entries.push({ skillId: key.slice(6), level });
  }
  const notes = String(form.get('notes') ?? '').trim();
  return notes ? { entries, notes } : { entries };
}

/**
 * A replayed record's JSON, checked for shape only (the API checks the rest and says which field
 * is wrong); null when it is not a record at all.
 */
export function recordFromJson(value: unknown): (RecordBody & { owner: string }) | null {
  if (!value || typeof value !== 'object') return null;
  const { entries, notes, owner } = value as Record<string, unknown>;
  if (!Array.isArray(entries) || entries.length > 200) return null;
  const clean: RecordBody['entries'] = [];
  for (const e of entries as unknown[]) {
    const { skillId, level } = (e ?? {}) as Record<string, unknown>;
    if (typeof skillId !== 'string' || !isLevel(level)) return null;
    clean.push({ skillId, level });
  }
  if (notes !== undefined && typeof notes !== 'string') return null;
  if (typeof owner !== 'string') return null;
  const trimmed = notes?.trim();
  return trimmed ? { owner, entries: clean, notes: trimmed } : { owner, entries: clean };
}

/**
 * Whose record it is, kept beside the phone's copy: it is replayed only under that person's
 * session (another person signing in on the same phone must not send it as theirs).
 */
export const ownerOf = (me: { instructorId: string | null }) => me.instructorId ?? '';
