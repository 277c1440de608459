/** Shapes of the lessons module's answers the portal reads (see /api/openapi.json). */
export type Trend = 'new' | 'up' | 'down' | 'steady';

export type SkillProgress = {
  skillId: string;
  name: string;
  categoryId: string;
  categoryName: string;
  level: number | null;
  trend: Trend | null;
  lastPractisedAt: string | null;
  timesPractised: number;
};

export type StudentProgress = {
  studentId: string;
  lessons: number;
  minutesTaught: number;
  skills: SkillProgress[];
  readiness: {
    score: number;
    summary: string;
    components: {
      key: 'skills' | 'mockTests' | 'hours' | 'theory';
      weight: number;
      points: number;
      detail: string;
    }[];
  };
  recommendations: { skillId: string; name: string; level: number | null; reasons: string[] }[];
};

export type Lesson = {
  id: string;
  bookingId: string;
  studentId: string;
  instructorId: string;
  taughtAt: string;
  minutes: number;
  notes: string | null;
  recordedAt: string | null;
  editableUntil: string | null;
  locked: boolean;
};

export type LessonDetail = Lesson & {
  entries: { skillId: string; skillName: string; level: number; note: string | null }[];
};

export type Syllabus = {
  categories: {
    id: string;
    name: string;
    skills: { id: string; name: string; description: string | null; retiredAt: string | null }[];
  }[];
};

export const LEVELS = [1, 2, 3, 4, 5] as const;

/** Skills grouped by their category, in the order the API gave them. */
export function byCategory(skills: SkillProgress[]) {
  const groups = new Map<string, { id: string; name: string; skills: SkillProgress[] }>();
  for (const s of skills) {
    const g = groups.get(s.categoryId) ?? { id: s.categoryId, name: s.categoryName, skills: [] };
    g.skills.push(s);
    groups.set(s.categoryId, g);
  }
  return [...groups.values()];
}

/** A student's name from the school's students list the caller may read ('' when not there). */
export async function studentName(
  api: { get: <T>(path: string) => Promise<T> },
  id: string,
): Promise<string> {
  const students = await api
    .get<{ data: { id: string; name: string }[] }>('/api/v1/students?limit=100')
    .catch(() => ({ data: [] }));
  return students.data.find((s) => s.id === id)?.name ?? '';
}
