// Order ticket: all order types (limit, market, stop, stop-limit) and times in force (DAY, GTC,
// GTD, IOC, FOK) of the shared contract, post-only and iceberg where they apply; prices step by
// one tick with the arrow keys; the order is checked with the same rules the order service uses
// before it is sent, and confirmed according to the user's confirmation rules. Keyboard:
// Shift+B / Shift+S (configurable) switch side and focus the quantity, Enter sends, Escape
// resets. When the connected suite has no order service the ticket says so and sends nothing.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { ORDER_TYPES, TIME_IN_FORCE, priceText, priceTicksOf, type NewOrderRequest } from '@kestrel/shared';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { Modal } from '../../ui/modal.js';
import { formatMoney, formatPrice } from '../market/format.js';
import { useInstrument, useQuote } from '../market/use-feed.js';
import { AccountSelect } from '../trading/account-select.js';
import { useAccounts } from '../trading/use-trading.js';
import { joinLink, LinkPicker, SymbolBox, useLinkedSymbol, usePanelParams } from '../workspace/panel-kit.js';
import type { TicketParams } from '../workspace/panel-params.js';
import { submitOrder } from './submit-order.js';
import { EMPTY_TICKET, applicableFields, buildOrder, confirmationReasons, describeOrder, newClientOrderId, orderNotional, type TicketForm } from './ticket-model.js';

const PREVIEW_ACCOUNT = '00000000-0000-4000-8000-000000000000';
const TYPE_LABELS = { limit: 'Limit', market: 'Market', stop: 'Stop', stop_limit: 'Stop limit' } as const;

/** The order ticket panel. */
export function TicketPanel(props: IDockviewPanelProps<TicketParams>) {
  const [params, update] = usePanelParams(props);
  const [symbol, setSymbol] = useLinkedSymbol(params, update);
  const { orders, commands, preferences, trading } = useServices();
  const confirmations = useStore(preferences.store, (state) => state.confirmations);
  const instrument = useInstrument(symbol);
  const quote = useQuote(symbol);
  const accounts = useAccounts();
  const accountList = accounts?.ok ? accounts.value : null;
  const accountId = params.accountId ?? accountList?.[0]?.id ?? null;
  const [form, setForm] = useState<TicketForm>(EMPTY_TICKET);
  const [problems, setProblems] = useState<string[]>([]);
  const [confirm, setConfirm] = useState<{ request: NewOrderRequest; reasons: string[] } | null>(null);
  const [sending, setSending] = useState(false);
  const quantityInput = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const fields = applicableFields(form);
  const set = (change: Partial<TicketForm>) => {
    setProblems([]);
    setForm((current) => {
      const next = { ...current, ...change };
      const allowed = applicableFields(next).timesInForce;
      return allowed.includes(next.timeInForce) ? next : { ...next, timeInForce: 'DAY' };
    });
  };

  // Fill the limit price from the market once per symbol.
  // (A quote of the previous symbol can still be in hand for one render after a symbol change.)
  const lastPrice = quote?.ok && quote.value.symbol === symbol ? quote.value.last : null;
  const seeded = useRef<string | null>(null);
  useEffect(() => {
    if (!instrument || lastPrice === null || seeded.current === symbol) return;
    seeded.current = symbol;
    setForm((current) => ({ ...current, limitPrice: priceText(instrument, lastPrice), stopPrice: priceText(instrument, lastPrice) }));
  }, [instrument, lastPrice, symbol]);

  // Hotkeys: the most recently used ticket gets them.
  useEffect(() => {
    const buy = () => {
      set({ side: 'buy' });
      quantityInput.current?.focus();
    };
    const sell = () => {
      set({ side: 'sell' });
      quantityInput.current?.focus();
    };
    const focus = () => quantityInput.current?.select();
    const off = [commands.handle('ticket.buy', buy), commands.handle('ticket.sell', sell), commands.handle('ticket.focusQuantity', focus)];
    const element = root.current;
    const prefer = () => {
      commands.prefer('ticket.buy', buy);
      commands.prefer('ticket.sell', sell);
      commands.prefer('ticket.focusQuantity', focus);
    };
    element?.addEventListener('focusin', prefer);
    return () => {
      off.forEach((unregister) => unregister());
      element?.removeEventListener('focusin', prefer);
    };
  }, [commands]);

  const price = (ticks: number) => formatPrice(instrument, ticks);
  // The preview does not need the account (an id of the right shape stands in until one is chosen).
  const built = useMemo(() => (instrument ? buildOrder(form, instrument, accountId ?? PREVIEW_ACCOUNT, 'preview') : null), [form, instrument, accountId]);
  const notional = built?.ok && instrument ? orderNotional(built.request, instrument) : null;

  const send = async (request: NewOrderRequest) => {
    setSending(true);
    try {
      await submitOrder(orders, trading, request, describeOrder(request, price));
    } finally {
      setSending(false);
      setConfirm(null);
    }
  };

  const submit = () => {
    if (!instrument) return setProblems([`Unknown symbol ${symbol}`]);
    if (!accountId) return setProblems(['Choose an account']);
    const result = buildOrder(form, instrument, accountId, newClientOrderId());
    if (!result.ok) return setProblems(result.problems);
    const reasons = confirmationReasons(result.request, instrument, confirmations);
    if (reasons.length > 0) setConfirm({ request: result.request, reasons });
    else void send(result.request);
  };

  const stepPrice = (field: 'limitPrice' | 'stopPrice', event: KeyboardEvent<HTMLInputElement>) => {
    if (!instrument || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    let ticks: number | null = lastPrice;
    try {
      ticks = priceTicksOf(instrument, form[field].trim());
    } catch {
      // Not a price on the grid yet: step from the last price.
    }
    if (ticks === null) return;
    const step = (event.shiftKey ? 10 : 1) * (event.key === 'ArrowUp' ? 1 : -1);
    set({ [field]: priceText(instrument, Math.max(instrument.minPriceTicks, ticks + step)) });
  };

  return (
    <div
      className="panel"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !confirm && (event.target as HTMLElement).tagName !== 'BUTTON') {
          event.preventDefault();
          submit();
        }
        if (event.key === 'Escape' && !confirm) setForm({ ...EMPTY_TICKET, limitPrice: form.limitPrice, stopPrice: form.stopPrice });
      }}
    >
      <div className="panel-toolbar">
        <LinkPicker value={params.link} onChange={(link) => joinLink(params, link, update)} />
        <SymbolBox value={symbol} onChange={setSymbol} />
        <span className="num muted">{quote?.ok && quote.value.last !== null ? `last ${price(quote.value.last)}` : ''}</span>
        <span className="spacer" />
        <AccountSelect accounts={accountList} value={accountId} onChange={(id) => update({ accountId: id })} />
      </div>
      <div className="panel-body">
        <div className="ticket" data-testid="order-ticket">
          {!orders.available && <div className="banner banner-warn" data-testid="orders-unavailable">{orders.unavailableReason}</div>}
          <div className="ticket-sides">
            <button className={`ticket-side buy${form.side === 'buy' ? ' on' : ''}`} onClick={() => set({ side: 'buy' })} data-testid="side-buy">
              BUY
            </button>
            <button className={`ticket-side sell${form.side === 'sell' ? ' on' : ''}`} onClick={() => set({ side: 'sell' })} data-testid="side-sell">
              SELL
            </button>
          </div>
          <div className="ticket-grid">
            <label className="field">
              <span>Type</span>
              <select className="select" value={form.type} onChange={(event) => set({ type: event.target.value as TicketForm['type'] })} data-testid="order-type">
                {ORDER_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {TYPE_LABELS[type]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Time in force</span>
              <select className="select" value={form.timeInForce} onChange={(event) => set({ timeInForce: event.target.value as TicketForm['timeInForce'] })} data-testid="time-in-force">
                {TIME_IN_FORCE.filter((tif) => fields.timesInForce.includes(tif)).map((tif) => (
                  <option key={tif} value={tif}>
                    {tif}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Quantity (lots)</span>
              <input className="input num" ref={quantityInput} value={form.quantity} onChange={(event) => set({ quantity: event.target.value })} data-testid="quantity" inputMode="numeric" />
            </label>
            {fields.limitPrice ? (
              <label className="field">
                <span>Limit price</span>
                <input className="input num" value={form.limitPrice} onChange={(event) => set({ limitPrice: event.target.value })} onKeyDown={(event) => stepPrice('limitPrice', event)} data-testid="limit-price" inputMode="decimal" />
              </label>
            ) : (
              <span />
            )}
            {fields.stopPrice && (
              <label className="field">
                <span>Stop price</span>
                <input className="input num" value={form.stopPrice} onChange={(event) => set({ stopPrice: event.target.value })} onKeyDown={(event) => stepPrice('stopPrice', event)} data-testid="stop-price" inputMode="decimal" />
              </label>
            )}
            {fields.expireAt && (
              <label className="field">
                <span>Expires</span>
                <input className="input" type="datetime-local" value={form.expireAt} onChange={(event) => set({ expireAt: event.target.value })} data-testid="expire-at" />
              </label>
            )}
            {fields.displayQuantity && (
              <label className="field">
                <span>Show (iceberg peak)</span>
                <input className="input num" placeholder="all" value={form.displayQuantity} onChange={(event) => set({ displayQuantity: event.target.value })} inputMode="numeric" />
              </label>
            )}
            {fields.postOnly && (
              <label className="row">
                <input type="checkbox" checked={form.postOnly} onChange={(event) => set({ postOnly: event.target.checked })} /> Post-only
              </label>
            )}
          </div>
          <div className="ticket-summary num" data-testid="ticket-summary">
            {built?.ok ? describeOrder(built.request, price) : '—'}
            {notional !== null && instrument && ` · ${formatMoney(notional, instrument.currency)} ${instrument.currency}`}
          </div>
          {problems.length > 0 && (
            <div className="error-text" role="alert" data-testid="ticket-problems">
              {problems.map((problem) => (
                <div key={problem}>{problem}</div>
              ))}
            </div>
          )}
          <button className={`btn ${form.side === 'buy' ? 'btn-buy' : 'btn-sell'}`} style={{ height: 32 }} disabled={sending || !orders.available} onClick={submit} data-testid="submit-order">
            {sending ? 'Sending…' : `${form.side === 'buy' ? 'Buy' : 'Sell'} ${form.quantity} ${symbol}`} <span className="kbd">Enter</span>
          </button>
        </div>
      </div>
      {confirm && (
        <Modal title="Send this order?" onClose={() => setConfirm(null)} testId="order-confirmation">
          <div className="ticket">
            <div className="num">
              <b>{describeOrder(confirm.request, price)}</b>
            </div>
            {notional !== null && instrument && (
              <div>
                Notional: {formatMoney(notional, instrument.currency)} {instrument.currency}
              </div>
            )}
            <ul className="muted">
              {confirm.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
            <div className="row">
              <span className="spacer" />
              <button className="btn" onClick={() => setConfirm(null)}>
                Cancel <span className="kbd">Esc</span>
              </button>
              <button className={`btn ${confirm.request.side === 'buy' ? 'btn-buy' : 'btn-sell'}`} autoFocus disabled={sending} onClick={() => void send(confirm.request)} data-testid="confirm-order">
                Send
              </button>
            </div>
          </div>
        </Modal>
      )}
    </div>
  );
}
