import type { Tx } from '@dualcontrol/db';
import { badRequest, notFound } from '@dualcontrol/platform';
import { and, eq } from 'drizzle-orm';
import { lessonTypes, locations } from '../schema.ts';

export type LessonParams = {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  priceMinor: number;
  title: string;
  transmission: 'manual' | 'automatic' | 'any';
  pickup: { lat: number; lng: number } | null;
  /** Seats (the lesson type's capacity): above 1 the booking opens a group session. */
  capacity: number;
};

/** What a lesson type and a pickup point add to a request: buffers, price, name, coordinates. */
export async function lessonParams(
  tx: Tx,
  tenantId: string,
  input: {
    durationMinutes: number;
    lessonTypeId?: string | undefined;
    pickupLocationId?: string | undefined;
  },
  durationPath = 'query.duration',
): Promise<LessonParams> {
  const params: LessonParams = {
    durationMinutes: input.durationMinutes,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    priceMinor: 0,
    title: 'Driving lesson',
    transmission: 'any',
    pickup: null,
    capacity: 1,
  };
  if (input.lessonTypeId) {
    const [type] = await tx
      .select()
      .from(lessonTypes)
      .where(and(eq(lessonTypes.tenantId, tenantId), eq(lessonTypes.id, input.lessonTypeId)));
    if (!type?.active)
      throw notFound('scheduling.lesson_type_not_found', 'No such lesson type at this school.');
    if (type.durationMinutes !== input.durationMinutes) {
      throw badRequest(
        'scheduling.duration_mismatch',
        `This lesson type lasts ${type.durationMinutes} minutes.`,
        [{ path: durationPath, message: `must be ${type.durationMinutes} for this lesson type` }],
      );
    }
    Object.assign(params, {
      bufferBeforeMinutes: type.bufferBeforeMinutes,
      bufferAfterMinutes: type.bufferAfterMinutes,
      priceMinor: type.priceMinor,
      title: type.name,
      transmission: type.transmission,
      capacity: type.capacity,
    });
  }
  if (input.pickupLocationId) {
    const [loc] = await tx
      .select()
      .from(locations)
      .where(and(eq(locations.tenantId, tenantId), eq(locations.id, input.pickupLocationId)));
    if (!loc?.active)
      throw notFound('scheduling.location_not_found', 'No such pickup location at this school.');
    params.pickup = loc.lat !== null && loc.lng !== null ? { lat: loc.lat, lng: loc.lng } : null;
  }
  return params;
}
