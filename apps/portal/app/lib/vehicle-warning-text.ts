import type { Translate } from './i18n.ts';
import type { VehicleWarning } from './vehicle-status.ts';

/** A vehicle warning as the office reads it: "MOT expired", "Insurance expires in 10 days". */
export function vehicleWarningText(w: VehicleWarning, t: Translate): string {
  if (w.state === 'expired') return t(`admin.setup.vehicles.warn.${w.kind}.expired`);
  if (w.days === 0) return t(`admin.setup.vehicles.warn.${w.kind}.today`);
  if (w.days === 1) return t(`admin.setup.vehicles.warn.${w.kind}.tomorrow`);
  return t(`admin.setup.vehicles.warn.${w.kind}.soon`, { days: w.days });
}
