// Error codes of the order service. Every code is AREA_REASON with one HTTP status and is listed in
// docs/errors.md (server/cli/test/docs.test.ts checks that). Business outcomes of an order (a shape
// the engine would refuse, an unknown instrument, insufficient buying power, an engine or risk
// rejection) are NOT errors: the order is recorded with status `rejected` and a reason code
// (shared/src/trading/order-reject-reason.ts). Errors are for requests that cannot be served.
import { KestrelError, defineErrors, type ErrorCode } from '@kestrel/server-common';

/** Error codes raised by the order service. */
export const OrderErrors = defineErrors({
  ORDER_UNAUTHENTICATED: { status: 401, description: 'The request carries no authenticated principal (the gateway attaches one).' },
  ORDER_FORBIDDEN: { status: 403, description: 'The caller lacks the permission this route needs.' },
  ORDER_SERVICE_TOKEN_INVALID: {
    status: 401,
    description: "An order service internal route was called without a valid service token (`x-kestrel-service-token`, the order's `serviceToken`) or an admin credential.",
  },
  ORDER_NOT_FOUND: { status: 404, description: "No order with this id is visible to the caller (other users' orders are reported the same way)." },
  ORDER_PARENT_NOT_FOUND: { status: 404, description: "No parent order with this id is visible to the caller (other users' parent orders are reported the same way)." },
  ORDER_ACCOUNT_NOT_FOUND: { status: 404, description: "The account does not exist or is not the caller's (the portfolio service answers for it)." },
  ORDER_DUPLICATE_CLIENT_ID: {
    status: 409,
    description: 'The account already has an order or parent order with this clientOrderId and different fields (a retry with the same fields returns the first one).',
  },
  ORDER_NOT_OPEN: { status: 409, description: 'The order has already ended (filled, cancelled, rejected or expired), so it cannot be cancelled or modified.' },
  ORDER_NOT_MODIFIABLE: {
    status: 409,
    description: 'The order cannot be modified right now: it is still waiting for its buying-power answer, or a cancel or another modification is pending.',
  },
  ORDER_MANAGED_BY_PARENT: { status: 409, description: 'The order is a child of a parent order; cancel or change the parent instead.' },
  ORDER_PARENT_NOT_OPEN: { status: 409, description: 'The parent order has already ended.' },
  ORDER_MODIFY_INVALID: {
    status: 422,
    description: 'The modification changes nothing, sets a price the order type does not have, leaves no more than the filled quantity, or is outside the instrument limits.',
  },
  ORDER_MODIFY_REJECTED: { status: 422, description: "The portfolio refused the buying power a larger modification needs; `details.reason` is the portfolio's reason." },
  ORDER_PARENT_INVALID: { status: 422, description: 'The parent order is inconsistent (e.g. a bracket take-profit on the wrong side of the entry, a window that ends before it starts); `details` names the rule.' },
  ORDER_RISK_INVALID: { status: 422, description: 'A risk command is inconsistent (an account scope without an account id, or an account id with another scope).' },
  ORDER_INVALID_RANGE: { status: 422, description: 'The from/to range is reversed or lies outside the supported instants (years 0001-9999 UTC).' },
  ORDER_CURSOR_INVALID: { status: 422, description: 'The paging cursor is well-formed but was not issued by this service for the same query.' },
  ORDER_PORTFOLIO_UNAVAILABLE: { status: 503, description: 'The portfolio service could not be asked about the account (down, timing out or misconfigured); retry later.' },
});

/** Codes of OrderErrors. */
export type OrderErrorCode = keyof typeof OrderErrors;

/** Builds the KestrelError for an order code. */
export function orderError(code: OrderErrorCode, message: string, details?: unknown): KestrelError {
  const spec: ErrorCode = OrderErrors[code];
  return new KestrelError(spec, message, details === undefined ? {} : { details });
}

