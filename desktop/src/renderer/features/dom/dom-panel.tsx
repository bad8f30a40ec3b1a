// Price ladder (DOM): the book on a fixed tick grid around the market, the caller's working
// orders at their prices, and click-to-trade — a click in the bid column buys (limit) at that
// price, in the ask column sells, in an own-orders column cancels the orders there. The quick
// quantity applies to every click; the user's confirmation rules apply as in the ticket.
// Scroll moves the ladder; "Centre" (or the C key) brings the market back to the middle.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import type { NewOrderRequest } from '@kestrel/shared';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { Modal } from '../../ui/modal.js';
import { messageOf } from '../auth/session-controller.js';
import { isWorking, workingByPrice } from '../blotters/blotter-model.js';
import { formatLots, formatPrice } from '../market/format.js';
import { useBook, useInstrument, useQuote } from '../market/use-feed.js';
import { submitOrder } from '../order-ticket/submit-order.js';
import { confirmationReasons, describeOrder, newClientOrderId } from '../order-ticket/ticket-model.js';
import { AccountSelect } from '../trading/account-select.js';
import { useAccounts, useOrders } from '../trading/use-trading.js';
import { joinLink, LinkPicker, SymbolBox, useLinkedSymbol, usePanelParams } from '../workspace/panel-kit.js';
import type { TicketParams } from '../workspace/panel-params.js';
import { buildLadder, ladderCentre } from './ladder-model.js';

const ROW_HEIGHT = 19;

/** The price ladder panel. */
export function DomPanel(props: IDockviewPanelProps<TicketParams>) {
  const [params, update] = usePanelParams(props);
  const [symbol, setSymbol] = useLinkedSymbol(params, update);
  const { orders, preferences, trading } = useServices();
  const confirmations = useStore(preferences.store, (state) => state.confirmations);
  const instrument = useInstrument(symbol);
  const book = useBook(symbol);
  const quote = useQuote(symbol);
  const ordersResult = useOrders();
  const accounts = useAccounts();
  const accountList = accounts?.ok ? accounts.value : null;
  const accountId = params.accountId ?? accountList?.[0]?.id ?? null;
  const [quantity, setQuantity] = useState('100');
  const [offset, setOffset] = useState(0);
  const [confirm, setConfirm] = useState<NewOrderRequest | null>(null);
  // As many price rows as fit the panel, so the market stays in the middle of what is visible.
  const body = useRef<HTMLDivElement>(null);
  const [rowCount, setRowCount] = useState(21);
  useEffect(() => {
    const element = body.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(() => setRowCount(Math.max(5, Math.floor((element.clientHeight - 40) / ROW_HEIGHT) | 1)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const bookValue = book?.ok && book.value.symbol === symbol ? book.value : null;
  const lastPrice = quote?.ok && quote.value.symbol === symbol ? quote.value.last : null;
  const centre = ladderCentre(bookValue, lastPrice);
  useEffect(() => setOffset(0), [symbol]);
  const working = useMemo(() => workingByPrice(ordersResult?.ok ? ordersResult.value : [], symbol), [ordersResult, symbol]);
  const rows = useMemo(() => (centre === null ? [] : buildLadder(bookValue, centre + offset, rowCount, working, instrument?.minPriceTicks ?? 1)), [bookValue, centre, offset, working, instrument, rowCount]);
  const price = (ticks: number) => formatPrice(instrument, ticks);

  const send = async (request: NewOrderRequest) => {
    setConfirm(null);
    await submitOrder(orders, trading, request, describeOrder(request, price));
  };

  const trade = (side: 'buy' | 'sell', priceTicks: number) => {
    if (!orders.available || !instrument) return;
    if (!accountId) return notify('error', 'Choose an account');
    if (!/^[1-9][0-9]{0,15}$/.test(quantity.trim())) return notify('error', 'The quantity must be a whole number of lots');
    const request: NewOrderRequest = { clientOrderId: newClientOrderId(), accountId, symbol, side, type: 'limit', timeInForce: 'DAY', quantityLots: Number(quantity.trim()), limitPriceTicks: priceTicks };
    if (confirmationReasons(request, instrument, confirmations).length > 0) setConfirm(request);
    else void send(request);
  };

  const cancelAt = async (side: 'buy' | 'sell', priceTicks: number) => {
    const targets = (ordersResult?.ok ? ordersResult.value : []).filter((order) => order.symbol === symbol && order.side === side && order.limitPriceTicks === priceTicks && isWorking(order));
    for (const order of targets) {
      try {
        await orders.cancel(order.id);
      } catch (error) {
        notify('error', `Cancel refused: ${messageOf(error)}`);
      }
    }
    trading.refresh();
  };

  return (
    <div
      className="panel"
      tabIndex={0}
      onKeyDown={(event) => {
        if ((event.target as HTMLElement).tagName === 'INPUT') return;
        if (event.key === 'c' || event.key === 'C') setOffset(0);
      }}
    >
      <div className="panel-toolbar">
        <LinkPicker value={params.link} onChange={(link) => joinLink(params, link, update)} />
        <SymbolBox value={symbol} onChange={setSymbol} />
        <input className="input num" style={{ width: 64 }} value={quantity} onChange={(event) => setQuantity(event.target.value)} aria-label="Quick quantity" title="Quantity of each click" />
        <button className="btn btn-small" onClick={() => setOffset(0)} title="Centre on the market (C)">
          Centre
        </button>
        <span className="spacer" />
        <AccountSelect accounts={accountList} value={accountId} onChange={(id) => update({ accountId: id })} />
      </div>
      <div className="panel-body" ref={body} onWheel={(event) => setOffset((value) => value + (event.deltaY < 0 ? 2 : -2))}>
        {!orders.available && <div className="banner banner-warn">{orders.unavailableReason} — the ladder shows the book only.</div>}
        {book && !book.ok && <div className="panel-empty">{messageOf(book.error)}</div>}
        {bookValue && bookValue.feedState !== 'live' && bookValue.feedState !== 'unreported' && <div className="banner banner-warn">Feed {bookValue.feedState}: the book may be stale</div>}
        {rows.length > 0 && (
          <table className="ladder num" data-testid="dom-ladder">
            <thead>
              <tr className="muted">
                <th>My bids</th>
                <th>Bid</th>
                <th>Price</th>
                <th>Ask</th>
                <th>My asks</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.priceTicks} className={row.best ? 'best' : ''}>
                  <td className={row.myBuy ? 'working' : ''} onClick={() => row.myBuy && void cancelAt('buy', row.priceTicks)} title={row.myBuy ? 'Cancel my bids here' : ''}>
                    {row.myBuy ? formatLots(row.myBuy) : ''}
                  </td>
                  <td className={`bid${row.bidSize ? ' has' : ''}`} onClick={() => trade('buy', row.priceTicks)} title={`Buy ${quantity} at ${price(row.priceTicks)}`}>
                    {row.bidSize ? formatLots(row.bidSize) : ''}
                  </td>
                  <td className="price">{price(row.priceTicks)}</td>
                  <td className={`ask${row.askSize ? ' has' : ''}`} onClick={() => trade('sell', row.priceTicks)} title={`Sell ${quantity} at ${price(row.priceTicks)}`}>
                    {row.askSize ? formatLots(row.askSize) : ''}
                  </td>
                  <td className={row.mySell ? 'working' : ''} onClick={() => row.mySell && void cancelAt('sell', row.priceTicks)} title={row.mySell ? 'Cancel my asks here' : ''}>
                    {row.mySell ? formatLots(row.mySell) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {rows.length === 0 && book?.ok !== false && <div className="panel-empty">No prices for {symbol} yet.</div>}
      </div>
      {confirm && (
        <Modal title="Send this order?" onClose={() => setConfirm(null)}>
          <div className="ticket">
            <b className="num">{describeOrder(confirm, price)}</b>
            <div className="row">
              <span className="spacer" />
              <button className="btn" onClick={() => setConfirm(null)}>
                Cancel
              </button>
              <button className={`btn ${confirm.side === 'buy' ? 'btn-buy' : 'btn-sell'}`} autoFocus onClick={() => void send(confirm)}>
                Send
              </button>
            </div>
          </div>
        </Modal>
      )}
    </div>
  );
}
