// The paging control of a blotter: how many rows are loaded, whether older ones are on the server,
// and "Load older" (the grid also loads the next page when it is scrolled to its last row).
import type { HistorySnapshot } from '../trading/paged-history.js';
import { messageOf } from '../auth/session-controller.js';

/** Props of HistoryPager. */
export interface HistoryPagerProps {
  history: HistorySnapshot<{ id: string }>;
  /** Plural noun of the rows ("orders", "fills"). */
  noun: string;
  onLoadOlder: () => void;
  testId: string;
}

/** Row count, "Load older" while older rows are on the server, and the last paging error. */
export function HistoryPager({ history, noun, onLoadOlder, testId }: HistoryPagerProps) {
  if (!history.loaded) return null;
  return (
    <span className="row">
      <span className="muted num" data-testid={`${testId}-count`} data-complete={history.hasOlder ? 'false' : 'true'}>
        {history.rows.length.toLocaleString('en')} {noun}
        {history.hasOlder ? '' : ' (all)'}
      </span>
      {history.hasOlder && (
        <button className="btn btn-small" disabled={history.loadingOlder} onClick={onLoadOlder} data-testid={`${testId}-load-older`}>
          {history.loadingOlder ? 'Loading…' : 'Load older'}
        </button>
      )}
      {history.olderError !== null && <span className="error-text">{messageOf(history.olderError)}</span>}
    </span>
  );
}
