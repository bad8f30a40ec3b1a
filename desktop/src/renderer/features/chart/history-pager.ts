// Pages older history into the chart as the trader scrolls left: the chart starts with the newest
// bars and the market-data service's `order=desc` cursor of the bars before them; when the view
// nears the oldest loaded bar (nearOldest), the pager fetches the previous page and hands it to
// the chart, which prepends it. Invariants: at most one request in flight (a second request()
// while one runs returns the same promise, so a burst of scroll frames costs one fetch); once the
// service reports the start of history (no cursor, or an empty page) no request is made again; a
// failed page is retried only after `retryMs` (a view held at the edge does not hammer the
// service); after dispose() (new symbol or interval) a page still arriving is dropped.
// Known limit: the cursor is the service's; a cursor the service no longer accepts (another
// process restarted with other data) surfaces as the page's error and is retried as is.
import type { Bar, BarHistory } from '../../api/market-data-api.js';

/** Fetches up to `count` bars before `cursor` (oldest first) and the cursor before those. */
export type OlderBarsSource = (cursor: string, count: number, signal: AbortSignal) => Promise<BarHistory>;

/** Where paging stands: more to fetch, a fetch running, start of history reached, last fetch failed. */
export type HistoryStatus = 'more' | 'loading' | 'complete' | 'error';

/** Options of a pager. */
export interface HistoryPagerOptions {
  /** Bars per older page. */
  pageBars: number;
  /** Called with each older page (oldest first), before the request's promise settles. */
  onPage: (bars: Bar[]) => void;
  /** Called whenever the status changes. */
  onStatus?: (status: HistoryStatus) => void;
  /** How long after a failed page the next request may run (default 5 s). */
  retryMs?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

/** Loaded bars left of the view below which the previous page is fetched, at least. */
export const MIN_PREFETCH_BARS = 500;

/**
 * Whether the view is near the oldest loaded bar: fewer loaded bars before the first visible one
 * than one more screen (or MIN_PREFETCH_BARS). `firstVisible` is the index of the first visible
 * bar in the full series (negative or zero when the view reaches past the oldest bar).
 */
export function nearOldest(firstVisible: number, visibleBars: number): boolean {
  return firstVisible < Math.max(MIN_PREFETCH_BARS, visibleBars);
}

/** Fetches older pages of one symbol and interval, one at a time, until the start of history. */
export class HistoryPager {
  private cursor: string | null;
  private inFlight: Promise<void> | null = null;
  private controller = new AbortController();
  private failedAt = -Infinity;
  private state: HistoryStatus;
  private loadedPages = 0;
  private lastError: string | null = null;
  private disposed = false;

  /** `cursor`: the olderCursor of the initial load (null: the initial load holds all history). */
  constructor(
    private readonly source: OlderBarsSource,
    cursor: string | null,
    private readonly options: HistoryPagerOptions,
  ) {
    this.cursor = cursor;
    this.state = cursor === null ? 'complete' : 'more';
  }

  /** Where paging stands. */
  get status(): HistoryStatus {
    return this.state;
  }

  /** Older pages loaded so far (pages that added no bar included). */
  get pages(): number {
    return this.loadedPages;
  }

  /** The message of the last failed page (null after a page succeeds). */
  get error(): string | null {
    return this.lastError;
  }

  /**
   * Fetches the previous page unless one is running (its promise is returned), the start of
   * history is reached, the last failure is too recent, or the pager is disposed (null).
   */
  request(): Promise<void> | null {
    if (this.inFlight) return this.inFlight;
    if (this.disposed || this.cursor === null) return null;
    const now = (this.options.now ?? Date.now)();
    if (this.state === 'error' && now - this.failedAt < (this.options.retryMs ?? 5000)) return null;
    const cursor = this.cursor;
    this.setStatus('loading');
    this.inFlight = this.source(cursor, this.options.pageBars, this.controller.signal)
      .then((page) => {
        if (this.disposed) return;
        this.loadedPages += 1;
        this.lastError = null;
        this.cursor = page.bars.length === 0 ? null : page.olderCursor;
        if (page.bars.length > 0) this.options.onPage(page.bars);
        this.setStatus(this.cursor === null ? 'complete' : 'more');
      })
      .catch((error: unknown) => {
        if (this.disposed) return;
        this.failedAt = (this.options.now ?? Date.now)();
        this.lastError = error instanceof Error ? error.message : String(error);
        this.setStatus('error');
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Cancels a running request and refuses new ones (its page, if it still arrives, is dropped). */
  dispose(): void {
    this.disposed = true;
    this.controller.abort();
  }

  private setStatus(status: HistoryStatus): void {
    if (status === this.state) return;
    this.state = status;
    this.options.onStatus?.(status);
  }
}
