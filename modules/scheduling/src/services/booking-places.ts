import type { Tx } from '@dualcontrol/db';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { bookings, locations } from '../schema.ts';

/** Where a lesson was driven, as far as the school knows it. */
export type BookingPlace = { lat: number; lng: number; source: 'pickup' | 'office' };

/**
 * The coordinates of each booking's place, for modules that need where a lesson was driven (the
 * lessons logbook computes night from sunset and sunrise there): the booking's pickup location
 * when it has coordinates, else the school's first office that has them. A booking with neither
 * is absent from the answer. One statement, under the caller's RLS.
 */
export async function readBookingPlaces(
  tx: Tx,
  tenantId: string,
  bookingIds: readonly string[],
): Promise<Map<string, BookingPlace>> {
  if (bookingIds.length === 0) return new Map();
  const pickup = alias(locations, 'pickup');
  const office = tx
    .select({ lat: locations.lat, lng: locations.lng })
    .from(locations)
    .where(
      and(
        eq(locations.tenantId, tenantId),
        eq(locations.kind, 'office'),
        eq(locations.active, true),
        isNotNull(locations.lat),
      ),
    )
    .orderBy(asc(locations.createdAt), asc(locations.id))
    .limit(1)
    .as('office');
  const rows = await tx
    .select({
      id: bookings.id,
      lat: sql<number | null>`coalesce(${pickup.lat}, ${office.lat})`,
      lng: sql<number | null>`coalesce(${pickup.lng}, ${office.lng})`,
      fromPickup: sql<boolean>`${pickup.lat} is not null`,
    })
    .from(bookings)
    .leftJoin(
      pickup,
      and(
        eq(pickup.tenantId, bookings.tenantId),
        eq(pickup.id, bookings.pickupLocationId),
        isNotNull(pickup.lat),
      ),
    )
    .leftJoin(office, sql`true`)
    .where(and(eq(bookings.tenantId, tenantId), inArray(bookings.id, [...bookingIds])));
  const places = new Map<string, BookingPlace>();
  for (const r of rows) {
    if (r.lat === null || r.lng === null) continue;
    places.set(r.id, { lat: Number(r.lat), lng: Number(r.lng), source: r.fromPickup ? 'pickup' : 'office' });
  }
  return places;
}
