// Placing an order from a panel (the ticket, the DOM ladder). The POST's answer is the order, so
// the blotters render it in this task (flushSync: React at once, the grid's transaction in the same
// commit) instead of after a scheduled render and a paint; its later changes come from the stream
// (or the next poll), and only what a fill changes (fills, positions, accounts) is re-read now.
import { flushSync } from 'react-dom';
import type { NewOrderRequest } from '@kestrel/shared';
import { notify } from '../../app/toasts.js';
import { messageOf } from '../auth/session-controller.js';
import type { OrderGateway } from '../trading/order-gateway.js';
import type { TradingFeed } from '../trading/trading-feed.js';

/** Places `request`, shows the answer at once and tells the trader (`label` names the order). */
export async function submitOrder(orders: OrderGateway, trading: TradingFeed, request: NewOrderRequest, label: string): Promise<void> {
  try {
    const order = await orders.place(request);
    flushSync(() => trading.orderPlaced(order));
    notify(order.status === 'rejected' ? 'error' : 'success', `${label}: ${order.status}${order.rejectReason ? ` (${order.rejectReason})` : ''}`);
    trading.refreshAfterOrder();
  } catch (error) {
    notify('error', `Order not placed: ${messageOf(error)}`);
  }
}
