// Time and sales: the symbol's trades as they print, newest first, coloured by aggressor (buyer-
// initiated green, seller-initiated red), large prints in bold.
import { useEffect, useState } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import type { Trade } from '../../api/market-data-api.js';
import { messageOf } from '../auth/session-controller.js';
import { formatLots, formatPrice, formatTime } from '../market/format.js';
import { useInstrument, useTrades } from '../market/use-feed.js';
import { joinLink, LinkPicker, SymbolBox, useLinkedSymbol, usePanelParams } from '../workspace/panel-kit.js';
import type { LinkedParams } from '../workspace/panel-params.js';
import { largePrintThreshold, mergeTape } from './tape-model.js';

/** The time-and-sales panel. */
export function TimeAndSalesPanel(props: IDockviewPanelProps<LinkedParams>) {
  const [params, update] = usePanelParams(props);
  const [symbol, setSymbol] = useLinkedSymbol(params, update);
  const instrument = useInstrument(symbol);
  const trades = useTrades(symbol);
  const [tape, setTape] = useState<Trade[]>([]);
  useEffect(() => setTape([]), [symbol]);
  useEffect(() => {
    if (trades?.ok) setTape((current) => mergeTape(current, trades.value));
  }, [trades]);
  const large = largePrintThreshold(tape);
  return (
    <div className="panel">
      <div className="panel-toolbar">
        <LinkPicker value={params.link} onChange={(link) => joinLink(params, link, update)} />
        <SymbolBox value={symbol} onChange={setSymbol} />
        <span className="spacer" />
        {trades && !trades.ok && <span className="error-text">{messageOf(trades.error)}</span>}
      </div>
      <div className="panel-body">
        <table className="grid num" data-testid="time-and-sales">
          <thead>
            <tr>
              <th>Time</th>
              <th>Price</th>
              <th>Size</th>
              <th>Side</th>
            </tr>
          </thead>
          <tbody>
            {tape.map((trade) => (
              <tr key={`${trade.source}:${trade.tradeId}`} className={`tape-row ${trade.aggressor ?? ''}${trade.quantityLots >= large ? ' big' : ''}`}>
                <td>{formatTime(trade.time)}</td>
                <td>{formatPrice(instrument, trade.priceTicks)}</td>
                <td>{formatLots(trade.quantityLots)}</td>
                <td>{trade.aggressor ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {tape.length === 0 && trades?.ok && <div className="panel-empty">No trades recorded for {symbol}.</div>}
      </div>
    </div>
  );
}
