/** Shapes of the API answers the portal reads (see /api/openapi.json). */
export type School = {
  slug: string;
  name: string;
  timezone: string;
  currency: string;
  locale: string;
  branding: {
    primaryColor?: string;
    accentColor?: string;
    logoUrl?: string;
    /** The uploaded logo (absent: the header shows the school's initials). */
    logo?: { url: string; contentType: string; version: string };
  };
  modules: string[];
  /** Students may create their own account. */
  selfSignup: boolean;
};

export type Booking = {
  id: string;
  status:
    | 'pending'
    | 'confirmed'
    | 'in_progress'
    | 'completed'
    | 'rejected'
    | 'cancelled'
    | 'expired'
    | 'no_show';
  instructorId: string;
  studentId: string;
  start: string;
  end: string;
  lessonTypeId: string | null;
  pickupLocationId: string | null;
  priceMinor: number;
  currency: string;
  cancellationFeeMinor: number | null;
};

export type Person = { id: string; userId: string; name: string; email: string };
export type LessonType = {
  id: string;
  name: string;
  durationMinutes: number;
  priceMinor: number;
  active?: boolean;
};
export type Place = { id: string; name: string; kind: string; address: string };
export type Slot = { start: string; end: string };
export type Page<T> = { data: T[]; nextCursor: string | null };
export type Credit = { balanceMinor: number; currency: string };
export type Fee = { id: string; bookingId: string; amountMinor: number; currency: string; status: string };
export type Invoice = {
  id: string;
  displayNumber: string;
  totalMinor: number;
  currency: string;
  issuedAt: string;
  kind: string;
};
