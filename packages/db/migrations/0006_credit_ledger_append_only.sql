-- The credit ledger is append-only: a balance is the sum of its entries, so no entry may change or
-- disappear. A trigger (not a missing grant) so that even the owner role is held to it.
CREATE OR REPLACE FUNCTION dc_credit_ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit_ledger is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER credit_ledger_append_only
  BEFORE UPDATE OR DELETE ON credit_ledger
  FOR EACH ROW EXECUTE FUNCTION dc_credit_ledger_append_only();--> statement-breakpoint
CREATE TRIGGER credit_ledger_no_truncate
  BEFORE TRUNCATE ON credit_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION dc_credit_ledger_append_only();
