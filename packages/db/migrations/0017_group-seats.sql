DROP INDEX "cancellation_fees_booking_key";--> statement-breakpoint
DROP INDEX "payments_one_per_booking";--> statement-breakpoint
ALTER TABLE "booking_participants" ADD COLUMN "joined_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_participants" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "booking_participants" ADD COLUMN "cancellation_fee_minor" integer;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "capacity" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "cancellation_fees_seat_key" ON "cancellation_fees" USING btree ("tenant_id","booking_id","student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_per_seat" ON "payments" USING btree ("tenant_id","booking_id","student_id") WHERE "payments"."purpose" = 'booking' and "payments"."status" in ('pending', 'succeeded');--> statement-breakpoint
CREATE INDEX "booking_participants_student_idx" ON "booking_participants" USING btree ("tenant_id","student_id");--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_capacity" CHECK ("bookings"."capacity" between 1 and 50);