export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Wall-clock hours in the instructor's zone; end may be '24:00'. validFrom/validTo are inclusive local dates. */
export type WeeklyRule = {
  day: Weekday;
  /** HH:MM */
  start: string;
  /** HH:MM or '24:00'; an end before the start runs past midnight into the next day. */
  end: string;
  validFrom?: string;
  validTo?: string;
};

/** UTC instants, half-open [start, end). */
export type Interval = { start: Date; end: Date };

export type GeoPoint = { lat: number; lng: number };

export type AvailabilityException = Interval & { kind: 'time_off' | 'extra_hours' };

/** An existing commitment (active booking) of the instructor, with its own buffers and pickup point. */
export type Busy = Interval & {
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  location?: GeoPoint | null;
};

export type TravelPolicy =
  | { mode: 'none' }
  | { mode: 'fixed'; minutes: number }
  | { mode: 'estimate'; averageKmh: number; minimumMinutes?: number };

export type StudentLimits = {
  /** The student's own active bookings (any instructor). */
  busy: Interval[];
  /** Lessons per local day (instructor zone). */
  maxPerDay?: number;
  /** Lessons per ISO week (Mon–Sun, local). */
  maxPerWeek?: number;
  /** Minimum time between two of the student's lessons. */
  minGapMinutes?: number;
};

export type SlotGrid = { stepMinutes: number; offsetMinutes?: number };

export type SlotQuery = {
  /** The instructor's IANA zone. */
  timezone: string;
  /** Inclusive local date YYYY-MM-DD in `timezone`. */
  from: string;
  /** Inclusive local date YYYY-MM-DD in `timezone`. */
  to: string;
  durationMinutes: number;
  /** Of the lesson type being booked. */
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  rules: WeeklyRule[];
  exceptions?: AvailabilityException[];
  /** School-wide closures (holidays). */
  closures?: Interval[];
  busy?: Busy[];
  now: Date;
  /** Default 0. */
  minimumNoticeMinutes?: number;
  /** Slots must start before local midnight of today + horizonDays; default unlimited. */
  horizonDays?: number;
  /** Starts where (local minutes since midnight - offset) % step === 0; default step 15. */
  grid?: SlotGrid;
  /** Default none. */
  travel?: TravelPolicy;
  /** Pickup point of the lesson being booked. */
  pickup?: GeoPoint | null;
  student?: StudentLimits;
};

export type Slot = { start: Date; end: Date };
