// Paper trading panel: open a funded paper account in one click, add paper cash, reset it (the
// old account is archived with its history), and read its performance; then replay history with
// it: create a session (symbol, trades or bars, UTC range, speed), play / pause / seek (slider) /
// change speed, place paper market or limit orders that fill against the replayed prints, and
// send the session's trading symbol (`AAPL.R1A2B3C4D`) to the panel's link group so linked charts,
// ladders and tapes follow the replay. Everything is the simulation service's (/v1/paper-accounts,
// /v1/replay-sessions); when the suite has none the panel says so and sends nothing. The chosen
// paper account and session and the link group are kept in the panel's params (the workspace).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import { ApiError } from '../../api/api-error.js';
import { SimulationApi, type PaperAccount, type PaperPerformance, type ReplayOrder, type ReplaySession } from '../../api/simulation-api.js';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { messageOf } from '../auth/session-controller.js';
import { formatMoney, formatPrice } from '../market/format.js';
import { setGroupSymbol } from '../workspace/link-groups.js';
import { LinkPicker, usePanelParams, useWorkspace } from '../workspace/panel-kit.js';
import type { LinkSetting } from '../workspace/workspace-document.js';
import { depositOf, depositReference, describePerformance, describeSession, initialSessionForm, parseSpeed, replayOrderRequestOf, replayProgress, seekTimeAt, sessionRequestOf, type ReplayOrderForm, type SessionForm } from './paper-model.js';

const SESSION_POLL_MS = 1_000;
const SEEK_STEPS = 1_000;

/** What the panel keeps in the layout. */
export interface PaperParams {
  link?: LinkSetting;
  paperAccountId?: string | null;
  sessionId?: string | null;
}

/** The paper trading panel. */
export function PaperTradingPanel(props: IDockviewPanelProps<PaperParams>) {
  const { http, capabilities, instruments, trading } = useServices();
  const workspace = useWorkspace();
  const [params, update] = usePanelParams(props);
  const api = useMemo(() => new SimulationApi(http), [http]);
  const available = capabilities?.has('post', '/v1/paper-accounts') ?? false;
  const replayAvailable = capabilities?.has('post', '/v1/replay-sessions') ?? false;
  const link = params.link ?? 'none';
  const known = useStore(instruments, (state) => state.bySymbol);
  const [accounts, setAccounts] = useState<PaperAccount[] | null>(null);
  const [performance, setPerformance] = useState<PaperPerformance | null>(null);
  const [deposit, setDeposit] = useState('10000');
  const [sessions, setSessions] = useState<ReplaySession[]>([]);
  const [session, setSession] = useState<ReplaySession | null>(null);
  const [orders, setOrders] = useState<ReplayOrder[]>([]);
  const [sessionForm, setSessionForm] = useState<SessionForm>(initialSessionForm);
  const [orderForm, setOrderForm] = useState<ReplayOrderForm>({ side: 'buy', type: 'limit', quantity: '1', limitPrice: '' });
  const [speed, setSpeed] = useState('10');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const paper = accounts?.find((each) => each.id === params.paperAccountId) ?? accounts?.[0] ?? null;
  const sessionId = params.sessionId ?? null;

  const act = async (what: string, action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      notify('error', `${what}: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  };
  const reloadAccounts = useCallback(async () => {
    try {
      setAccounts(await api.paperAccounts());
    } catch (error) {
      notify('error', `Paper accounts: ${messageOf(error)}`);
    }
  }, [api]);
  useEffect(() => {
    if (available) void reloadAccounts();
  }, [available, reloadAccounts]);
  useEffect(() => {
    if (!replayAvailable) return;
    api.sessions().then(setSessions, (error: unknown) => notify('error', `Replay sessions: ${messageOf(error)}`));
  }, [api, replayAvailable]);

  // The chosen session and its orders, polled while it is open.
  useEffect(() => {
    if (!sessionId) {
      setSession(null);
      setOrders([]);
      return undefined;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      try {
        const [current, list] = await Promise.all([api.session(sessionId), api.orders(sessionId)]);
        if (stopped) return;
        setSession(current);
        setOrders(list);
        timer = setTimeout(() => void poll(), SESSION_POLL_MS);
      } catch (error) {
        if (stopped) return;
        setSession(null);
        // Sessions live in the simulation process: one a restart ended is forgotten quietly.
        if (error instanceof ApiError && error.status === 404) update({ sessionId: null });
        else notify('error', `Replay session: ${messageOf(error)}`);
      }
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, sessionId, update]);

  /** Puts the session's trading symbol on the panel's link group. */
  const follow = useCallback(
    (tradingSymbol: string, setting: LinkSetting = link) => {
      if (setting === 'none') return;
      setGroupSymbol(setting, tradingSymbol);
      workspace.markDirty();
    },
    [link, workspace],
  );

  if (!available) {
    return (
      <div className="panel">
        <div className="panel-empty" data-testid="paper-unavailable">
          This Kestrel server has no simulation service (POST /v1/paper-accounts is not in its API)
        </div>
      </div>
    );
  }

  const money = (minor: number | null) => formatMoney(minor, paper?.currency ?? 'USD');
  const openAccount = () =>
    void act('Paper account not opened', async () => {
      const opened = await api.openPaperAccount({ name: `Paper ${(accounts?.length ?? 0) + 1}` });
      setAccounts((list) => [opened, ...(list ?? []).filter((each) => each.id !== opened.id)]);
      update({ paperAccountId: opened.id });
      trading.refresh();
    });
  const replaceAccount = (next: PaperAccount) => setAccounts((list) => (list ?? []).map((each) => (each.id === next.id ? next : each)));
  const fund = () => {
    if (!paper) return;
    const checked = depositOf(deposit, paper.currency, depositReference());
    setProblems(checked.ok ? [] : checked.problems);
    if (!checked.ok) return;
    void act('Deposit refused', async () => {
      replaceAccount(await api.fund(paper.id, checked.body.amountMinor, checked.body.reference));
      trading.refresh();
    });
  };
  const reset = () => {
    if (!paper || !window.confirm(`Reset ${paper.name}? Open orders are cancelled and the account is archived with its history.`)) return;
    void act('Reset refused', async () => {
      replaceAccount(await api.reset(paper.id));
      setPerformance(null);
      trading.refresh();
    });
  };
  const loadPerformance = () => paper && void act('Performance', async () => setPerformance(await api.performance(paper.id)));
  const createSession = () => {
    const checked = sessionRequestOf(sessionForm, paper?.id ?? null);
    setProblems(checked.ok ? [] : checked.problems);
    if (!checked.ok) return;
    void act('Replay session refused', async () => {
      const created = await api.createSession(checked.body);
      setSessions((list) => [created, ...list]);
      setSession(created);
      update({ sessionId: created.id });
      follow(created.tradingSymbol);
    });
  };
  const control = (command: Parameters<SimulationApi['control']>[1]) => session && void act('Replay control refused', async () => setSession(await api.control(session.id, command)));
  const changeSpeed = () => {
    const parsed = parseSpeed(speed);
    if (parsed === null) setProblems(['Speed must be a positive multiple of real time or "max"']);
    else control({ action: 'speed', speed: parsed });
  };
  const placeOrder = () => {
    if (!session) return;
    const checked = replayOrderRequestOf(orderForm, known.get(session.symbol)?.tickSize ?? null);
    setProblems(checked.ok ? [] : checked.problems);
    if (!checked.ok) return;
    void act('Paper order refused', async () => {
      const placed = await api.placeOrder(session.id, checked.body);
      setOrders((list) => [placed, ...list.filter((each) => each.id !== placed.id)]);
    });
  };
  const endSession = () =>
    session &&
    void act('End refused', async () => {
      await api.endSession(session.id);
      setSessions((list) => list.filter((each) => each.id !== session.id));
      update({ sessionId: null });
    });
  const instrument = session ? known.get(session.symbol) : undefined;
  const playing = session?.replay?.state === 'playing';

  return (
    <div className="panel" data-testid="paper-trading">
      <div className="panel-toolbar">
        <LinkPicker
          value={link}
          onChange={(next) => {
            update({ link: next });
            if (session) follow(session.tradingSymbol, next);
          }}
        />
        <select className="input" aria-label="Paper account" data-testid="paper-account-select" value={paper?.id ?? ''} onChange={(event) => update({ paperAccountId: event.target.value || null })}>
          {(accounts ?? []).map((each) => (
            <option key={each.id} value={each.id}>
              {each.name} · {each.currency}
            </option>
          ))}
        </select>
        <button className="btn btn-small btn-primary" data-testid="open-paper-account" disabled={busy} onClick={openAccount}>
          New paper account
        </button>
        {paper && (
          <>
            <input className="input narrow" aria-label="Deposit amount" data-testid="paper-deposit-amount" value={deposit} onChange={(event) => setDeposit(event.target.value)} />
            <button className="btn btn-small" data-testid="paper-deposit" disabled={busy} onClick={fund}>
              Add cash
            </button>
            <button className="btn btn-small" data-testid="paper-reset" disabled={busy} onClick={reset}>
              Reset
            </button>
            <button className="btn btn-small" data-testid="paper-performance" disabled={busy} onClick={loadPerformance}>
              Performance
            </button>
          </>
        )}
      </div>
      {problems.length > 0 && (
        <ul className="alert-log error-text" data-testid="paper-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="panel-body">
        {accounts && accounts.length === 0 && <div className="panel-empty">No paper account yet: “New paper account” opens one funded with paper cash</div>}
        <ul className="alert-log" data-testid="paper-accounts">
          {(accounts ?? []).map((each) => (
            <li key={each.id} data-testid="paper-account-row" data-paper-id={each.id} data-cash-minor={String(each.account?.cashMinor ?? '')} data-generation={String(each.generation)}>
              <strong>{each.name}</strong> · {each.state} · generation {each.generation} · cash{' '}
              <span className="num" data-testid="paper-cash">
                {formatMoney(each.account?.cashMinor ?? null, each.currency)}
              </span>{' '}
              {each.currency} · equity <span className="num">{formatMoney(each.account?.equityMinor ?? null, each.currency)}</span>
            </li>
          ))}
        </ul>
        {performance && paper && performance.paperAccountId === paper.id && (
          <div className="backtest-summary num" data-testid="paper-performance-summary">
            {describePerformance(performance, money)}
          </div>
        )}
        {replayAvailable && (
          <div data-testid="replay">
            <div className="panel-toolbar">
              <strong>Replay</strong>
              <input className="input narrow" aria-label="Replay symbol" data-testid="replay-symbol" value={sessionForm.symbol} onChange={(event) => setSessionForm({ ...sessionForm, symbol: event.target.value })} />
              <select className="input" aria-label="Replay data" value={sessionForm.kind} onChange={(event) => setSessionForm({ ...sessionForm, kind: event.target.value as SessionForm['kind'] })}>
                <option value="trades">Trades</option>
                <option value="bars">Bars</option>
              </select>
              {sessionForm.kind === 'bars' && (
                <input className="input narrow" aria-label="Bar interval" value={sessionForm.interval} onChange={(event) => setSessionForm({ ...sessionForm, interval: event.target.value })} />
              )}
              <input className="input" type="datetime-local" step="1" aria-label="Replay from (UTC)" data-testid="replay-from" value={sessionForm.from} onChange={(event) => setSessionForm({ ...sessionForm, from: event.target.value })} />
              <input className="input" type="datetime-local" step="1" aria-label="Replay to (UTC)" data-testid="replay-to" value={sessionForm.to} onChange={(event) => setSessionForm({ ...sessionForm, to: event.target.value })} />
              <input className="input narrow" aria-label="Replay speed" data-testid="replay-speed" value={sessionForm.speed} onChange={(event) => setSessionForm({ ...sessionForm, speed: event.target.value })} />
              <button className="btn btn-small btn-primary" data-testid="create-replay" disabled={busy || !paper} onClick={createSession}>
                Start replay
              </button>
              <span className="spacer" />
              <select className="input" aria-label="Replay sessions" value={sessionId ?? ''} onChange={(event) => update({ sessionId: event.target.value || null })}>
                <option value="">Sessions…</option>
                {sessions.map((each) => (
                  <option key={each.id} value={each.id}>
                    {each.tradingSymbol}
                  </option>
                ))}
              </select>
            </div>
            {session && (
              <>
                <div className="panel-toolbar" data-testid="replay-controls" data-state={session.replay?.state ?? 'ended'} data-trading-symbol={session.tradingSymbol}>
                  <strong>{session.tradingSymbol}</strong>
                  <button className="btn btn-small" data-testid="replay-play" disabled={busy || !session.replay} onClick={() => control(playing ? { action: 'pause' } : { action: 'play' })}>
                    {playing ? 'Pause' : 'Play'}
                  </button>
                  <input
                    type="range"
                    min={0}
                    max={SEEK_STEPS}
                    aria-label="Replay position"
                    data-testid="replay-seek"
                    value={Math.round(replayProgress(session) * SEEK_STEPS)}
                    disabled={busy || !session.replay}
                    onChange={(event) => {
                      const time = seekTimeAt(session, Number(event.target.value) / SEEK_STEPS);
                      if (time) control({ action: 'seek', time });
                    }}
                  />
                  <input className="input narrow" aria-label="Speed" value={speed} onChange={(event) => setSpeed(event.target.value)} />
                  <button className="btn btn-small" disabled={busy || !session.replay} onClick={changeSpeed}>
                    Set speed
                  </button>
                  <button className="btn btn-small" title="Show this replay's symbol in the panels of the link group" disabled={link === 'none'} onClick={() => follow(session.tradingSymbol)}>
                    Follow in link group
                  </button>
                  <button className="btn btn-small btn-ghost" disabled={busy} onClick={endSession}>
                    End
                  </button>
                  <span className="muted num" data-testid="replay-status">
                    {describeSession(session)} · last {formatPrice(instrument, session.lastPriceTicks)}
                  </span>
                </div>
                <div className="panel-toolbar">
                  <select className="input" aria-label="Side" value={orderForm.side} onChange={(event) => setOrderForm({ ...orderForm, side: event.target.value as ReplayOrderForm['side'] })}>
                    <option value="buy">Buy</option>
                    <option value="sell">Sell</option>
                  </select>
                  <select className="input" aria-label="Order type" data-testid="replay-order-type" value={orderForm.type} onChange={(event) => setOrderForm({ ...orderForm, type: event.target.value as ReplayOrderForm['type'] })}>
                    <option value="limit">Limit</option>
                    <option value="market">Market</option>
                  </select>
                  <input className="input narrow" aria-label="Quantity (lots)" value={orderForm.quantity} onChange={(event) => setOrderForm({ ...orderForm, quantity: event.target.value })} />
                  {orderForm.type === 'limit' && <input className="input narrow" aria-label="Limit price" value={orderForm.limitPrice} onChange={(event) => setOrderForm({ ...orderForm, limitPrice: event.target.value })} />}
                  <button className={`btn btn-small ${orderForm.side === 'buy' ? 'btn-buy' : 'btn-sell'}`} data-testid="replay-order" disabled={busy} onClick={placeOrder}>
                    Place paper order
                  </button>
                </div>
                <ul className="alert-log" data-testid="replay-orders">
                  {orders.map((order) => (
                    <li key={order.id} className="num" data-testid="replay-order-row" data-status={order.status}>
                      {order.side} {order.quantityLots} {order.type}
                      {order.limitPriceTicks !== null && ` @ ${formatPrice(instrument, order.limitPriceTicks)}`} · {order.status} · filled {order.filledLots}
                      {order.averagePriceTicks !== null && ` @ ${formatPrice(instrument, Math.round(order.averagePriceTicks))}`}
                      {order.reason && <span className="error-text"> · {order.reason}</span>}
                      {(order.status === 'open' || order.status === 'pending' || order.status === 'partially_filled') && (
                        <>
                          {' '}
                          <button className="btn btn-small btn-ghost" onClick={() => void act('Cancel refused', async () => api.cancelOrder(session.id, order.id))}>
                            Cancel
                          </button>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
