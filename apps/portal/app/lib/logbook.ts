/** Shapes of the logbook answers the portal reads (see /api/openapi.json, tag Logbook). */
export type Logbook = {
  studentId: string;
  rules: 'none' | 'au-nsw' | 'au-qld';
  taught: { lessons: number; minutes: number; dayMinutes: number; nightMinutes: number };
  practice: {
    confirmed: { entries: number; minutes: number; dayMinutes: number; nightMinutes: number };
    pending: { entries: number; minutes: number };
    rejected: { entries: number };
  };
  credited: {
    professionalMinutes: number;
    practiceMinutes: number;
    totalMinutes: number;
    nightMinutes: number;
  };
  requirement: { name: string; totalMinutes: number; nightMinutes: number } | null;
  missing: { totalMinutes: number; nightMinutes: number } | null;
  complete: boolean | null;
  explanation: string[];
};

export type PracticeEntry = {
  id: string;
  studentId: string;
  date: string;
  start: string;
  minutes: number;
  nightMinutes: number;
  supervisorUserId: string;
  supervisorName: string;
  notes: string | null;
  status: 'pending' | 'confirmed' | 'rejected';
};

export type Learner = {
  studentId: string;
  name: string;
  relationship: string | null;
  canPay: boolean;
  pendingPracticeEntries: number;
};

/** "12 h", "12 h 30 min", "45 min" (as the API's explanation writes them). */
export function hours(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
