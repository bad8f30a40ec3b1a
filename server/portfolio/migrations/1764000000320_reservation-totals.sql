-- Up Migration
-- What every buying-power check and account view needs from the reservations — the sum held per
-- account, and the remaining lots per (account, symbol, side) — kept as running totals, so a check
-- costs the same for an account with thousands of resting orders as for one with none. A trigger
-- keeps them in the same statement as every change to portfolio_reservations, so they can never
-- drift from the rows; a total that falls to zero lots is removed.
CREATE TABLE portfolio_reservation_totals (
  account_id uuid NOT NULL,
  symbol text NOT NULL,
  side text NOT NULL,
  reserved_minor numeric NOT NULL,
  remaining_quantity_lots bigint NOT NULL,
  PRIMARY KEY (account_id, symbol, side)
);

INSERT INTO portfolio_reservation_totals (account_id, symbol, side, reserved_minor, remaining_quantity_lots)
SELECT account_id, symbol, side, sum(reserved_minor), sum(remaining_quantity_lots)
FROM portfolio_reservations GROUP BY account_id, symbol, side;

CREATE FUNCTION portfolio_reservation_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE portfolio_reservation_totals
      SET reserved_minor = reserved_minor - OLD.reserved_minor, remaining_quantity_lots = remaining_quantity_lots - OLD.remaining_quantity_lots
      WHERE account_id = OLD.account_id AND symbol = OLD.symbol AND side = OLD.side;
    DELETE FROM portfolio_reservation_totals
      WHERE account_id = OLD.account_id AND symbol = OLD.symbol AND side = OLD.side AND remaining_quantity_lots = 0 AND reserved_minor = 0;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO portfolio_reservation_totals (account_id, symbol, side, reserved_minor, remaining_quantity_lots)
      VALUES (NEW.account_id, NEW.symbol, NEW.side, NEW.reserved_minor, NEW.remaining_quantity_lots)
      ON CONFLICT (account_id, symbol, side) DO UPDATE
        SET reserved_minor = portfolio_reservation_totals.reserved_minor + EXCLUDED.reserved_minor,
            remaining_quantity_lots = portfolio_reservation_totals.remaining_quantity_lots + EXCLUDED.remaining_quantity_lots;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER portfolio_reservation_totals_apply AFTER INSERT OR UPDATE OR DELETE ON portfolio_reservations
  FOR EACH ROW EXECUTE FUNCTION portfolio_reservation_totals_apply();

-- Down Migration
DROP TRIGGER portfolio_reservation_totals_apply ON portfolio_reservations;
DROP FUNCTION portfolio_reservation_totals_apply();
DROP TABLE portfolio_reservation_totals;
