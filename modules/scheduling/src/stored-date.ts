import { DateOnly } from '@dualcontrol/platform';

/**
 * A calendar date that a PostgreSQL `date` column takes. A bare NNNN-NN-NN pattern let "3286-40-75"
 * through to the database, which refused it and the request ended in a 500 (found by the
 * schemathesis fuzz run); DateOnly checks months, days and leap years. Year 0000 is a valid ISO
 * date but PostgreSQL has no year 0 (1 BC comes before AD 1), so it is refused here too.
 */
export const StoredDate = DateOnly.refine((d) => !d.startsWith('0000-'), 'a date from year 0001 on');
