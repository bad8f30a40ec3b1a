// Watchlist: one row per symbol with last price, change since the previous daily close (absolute
// and %), bid/ask, volume and a sparkline of the last daily closes. Clicking a row (or moving
// with the arrow keys) sends the symbol to the panel's link group, so charts, tickets and
// ladders of that colour follow. Symbols are added with the box and removed with Delete.
import { useState } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { Sparkline } from '../../ui/sparkline.js';
import { changeBps, formatBps, formatLots, formatPrice } from '../market/format.js';
import { useInstrument, useQuote } from '../market/use-feed.js';
import { linkGroups, setGroupSymbol } from '../workspace/link-groups.js';
import { LinkPicker, usePanelParams, useWorkspace } from '../workspace/panel-kit.js';
import type { WatchlistParams } from '../workspace/panel-params.js';

function WatchRow({ symbol, selected, onSelect }: { symbol: string; selected: boolean; onSelect: () => void }) {
  const quote = useQuote(symbol);
  const instrument = useInstrument(symbol);
  const value = quote?.ok ? quote.value : null;
  const bps = value ? changeBps(value.last, value.previousClose) : null;
  const tone = bps === null || bps === 0 ? '' : bps > 0 ? 'buy-text' : 'sell-text';
  const change = value && value.last !== null && value.previousClose !== null ? value.last - value.previousClose : null;
  return (
    <tr className={selected ? 'selected' : ''} onClick={onSelect} data-testid={`watch-row-${symbol}`}>
      <td>
        <b>{symbol}</b>
      </td>
      <td className="num" data-testid="watch-last">
        {quote && !quote.ok ? <span className="muted">n/a</span> : formatPrice(instrument, value?.last)}
      </td>
      <td className={`num ${tone}`}>{change === null ? '—' : `${change > 0 ? '+' : ''}${formatPrice(instrument, change)}`}</td>
      <td className={`num ${tone}`} data-testid="watch-change">
        {formatBps(bps)}
      </td>
      <td className="num">{formatPrice(instrument, value?.bid)}</td>
      <td className="num">{formatPrice(instrument, value?.ask)}</td>
      <td className="num">{formatLots(value?.volumeLots)}</td>
      <td>
        <Sparkline values={value?.sparkline ?? []} />
      </td>
    </tr>
  );
}

/** The watchlist panel. */
export function WatchlistPanel(props: IDockviewPanelProps<WatchlistParams>) {
  const [params, update] = usePanelParams(props);
  const { instruments } = useServices();
  const known = useStore(instruments, (state) => state.bySymbol);
  const groupSymbol = useStore(linkGroups, (state) => (params.link === 'none' ? undefined : state.groups[params.link]));
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState('');
  const workspace = useWorkspace();
  const current = selected ?? groupSymbol ?? null;

  const select = (symbol: string) => {
    setSelected(symbol);
    if (params.link !== 'none') {
      setGroupSymbol(params.link, symbol);
      workspace.markDirty();
    }
  };
  const add = () => {
    const symbol = adding.trim().toUpperCase();
    if (!symbol || params.symbols.includes(symbol) || (known.size > 0 && !known.has(symbol))) return;
    update({ symbols: [...params.symbols, symbol] });
    setAdding('');
  };
  const remove = (symbol: string) => update({ symbols: params.symbols.filter((each) => each !== symbol) });

  return (
    <div
      className="panel"
      tabIndex={0}
      onKeyDown={(event) => {
        if ((event.target as HTMLElement).tagName === 'INPUT') return;
        const index = current ? params.symbols.indexOf(current) : -1;
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          const next = params.symbols[Math.min(params.symbols.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
          if (next) select(next);
        }
        if (event.key === 'Delete' && current) remove(current);
      }}
    >
      <div className="panel-toolbar">
        <LinkPicker value={params.link} onChange={(link) => update({ link })} />
        <input
          className="input symbol-input"
          placeholder="Add…"
          list="kestrel-symbols"
          aria-label="Add symbol"
          value={adding}
          onChange={(event) => setAdding(event.target.value)}
          onKeyDown={(event) => event.key === 'Enter' && add()}
        />
        <span className="spacer" />
        {current && (
          <button className="btn btn-small btn-ghost" onClick={() => remove(current)} title="Remove the selected symbol (Delete)">
            Remove
          </button>
        )}
      </div>
      <div className="panel-body">
        <table className="grid" data-testid="watchlist">
          <thead>
            <tr>
              <th>Symbol</th>
              <th>Last</th>
              <th>Chg</th>
              <th>Chg %</th>
              <th>Bid</th>
              <th>Ask</th>
              <th>Volume</th>
              <th>30d</th>
            </tr>
          </thead>
          <tbody>
            {params.symbols.map((symbol) => (
              <WatchRow key={symbol} symbol={symbol} selected={symbol === current} onSelect={() => select(symbol)} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
