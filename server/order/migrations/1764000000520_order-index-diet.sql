-- Up Migration
-- An order row is written three times on its way into the book (recorded, routed, accepted), and
-- a write that changes an indexed column (status, routing) inserts into EVERY index of the table.
-- Two of those indexes held nothing the service needs: (account_id, client_order_id) is already
-- unique in order_client_ids, where every order's key is claimed before the order is written; and
-- the (parent_order_id, parent_role) uniqueness only concerns children, so top-level orders — all
-- but a parent's few — need no entry in it.
ALTER TABLE order_orders DROP CONSTRAINT order_orders_account_id_client_order_id_key;
ALTER TABLE order_orders DROP CONSTRAINT order_orders_parent_order_id_parent_role_key;
CREATE UNIQUE INDEX order_orders_parent_role ON order_orders (parent_order_id, parent_role) WHERE parent_order_id IS NOT NULL;

-- Down Migration
DROP INDEX order_orders_parent_role;
ALTER TABLE order_orders ADD CONSTRAINT order_orders_parent_order_id_parent_role_key UNIQUE (parent_order_id, parent_role);
ALTER TABLE order_orders ADD CONSTRAINT order_orders_account_id_client_order_id_key UNIQUE (account_id, client_order_id);
