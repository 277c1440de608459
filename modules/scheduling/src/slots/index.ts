export { computeAvailabilityWindows } from './compute-availability-windows.ts';
export { computeSlots, studentRefusalAt } from './compute-slots.ts';
export type { StudentRefusal } from './student-limits.ts';
export { haversineKm, travelMinutes } from './travel-time.ts';
export type {
  AvailabilityException,
  Busy,
  GeoPoint,
  Interval,
  Slot,
  SlotGrid,
  SlotQuery,
  StudentLimits,
  TravelPolicy,
  Weekday,
  WeeklyRule,
} from './types.ts';
