-- Up Migration
-- Order ids of the simulation's agents: from 2^62, far above the ids of the order service's orders
-- (execution_orders.engine_order_id counts from 1), below the engine's routed child ids (2^63).
CREATE SEQUENCE execution_agent_order_ids START WITH 4611686018427387904;

-- Down Migration
DROP SEQUENCE execution_agent_order_ids;
