// The whole history of the trader's orders (or fills) as the blotters show it: the newest page,
// polled; older pages paged in on demand through the list routes' keyset cursors (`nextCursor`,
// stable under inserts: the next page is "older than the last row served", so new rows never
// shift it); and live rows (the POST /v1/orders answer, the stream's order updates) merged in at
// once. Invariants: a row is kept once per id; of two versions of a row the later one wins
// (`versionOf`, e.g. `updatedAt`; a tie goes to the newer arrival, which is how a poll's richer
// view of the same version replaces the stream's); rows never disappear because a page does not
// show them (orders and fills are never deleted, a poll that started before a POST simply
// predates its order); rows are sorted newest first. Known limit: if more rows than a page arrive
// between two polls after older pages were loaded, the rows between the polled page and the loaded
// ones show only after a reload (the cursors cannot see a gap above them).

/** One page of a list route. */
export interface Page<T> {
  rows: T[];
  /** The cursor of the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** What a subscriber sees. */
export interface HistorySnapshot<T> {
  /** Every known row, newest first. */
  rows: readonly T[];
  /** The first page has arrived. */
  loaded: boolean;
  /** Older rows are on the server (a cursor to them is known). */
  hasOlder: boolean;
  /** An older page is being fetched. */
  loadingOlder: boolean;
  /** Why the last older page failed (null when it did not). */
  olderError: unknown;
}

/** How rows are ordered and versioned. */
export interface HistoryOptions<T> {
  /** The row's time (ISO 8601): rows are sorted newest first by it, then by id. */
  timeOf: (row: T) => string;
  /** The row's version (e.g. Date.parse(updatedAt)); null when rows never change. */
  versionOf: (row: T) => number | null;
}

/** A paged, live-merged list of rows keyed by id. */
export class PagedHistory<T extends { id: string }> {
  private readonly byId = new Map<string, T>();
  /** The rows sorted newest first (rebuilt only when a row is added). */
  private ordered: T[] = [];
  private snapshotValue: HistorySnapshot<T> = { rows: [], loaded: false, hasOlder: false, loadingOlder: false, olderError: null };
  private readonly listeners = new Set<(snapshot: HistorySnapshot<T>) => void>();
  /** The cursor of the next older page to load; null when everything is loaded (or nothing yet). */
  private olderCursor: string | null = null;
  /** An older page has been loaded: the polled head page's cursor no longer says where to go on. */
  private pagedBack = false;
  /** Bumped by reset, so an answer to a request sent before it is dropped. */
  private generation = 0;

  constructor(private readonly options: HistoryOptions<T>) {}

  /** The current state (a new object after every change; stable in between). */
  readonly snapshot = (): HistorySnapshot<T> => this.snapshotValue;

  /** Calls `listener` after every change; returns the unsubscribe function. */
  readonly subscribe = (listener: (snapshot: HistorySnapshot<T>) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The row with this id, if known. */
  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  /** Merges the newest page (a poll). */
  applyHead(page: Page<T>): void {
    this.merge(page.rows);
    if (!this.pagedBack) this.olderCursor = page.nextCursor;
    this.publish({ loaded: true });
  }

  /** Merges live rows (an order the server just answered with, a stream update). */
  upsert(...rows: T[]): void {
    if (this.merge(rows)) this.publish({});
  }

  /**
   * Loads the next older page with `load(cursor)`; does nothing when everything is loaded or a
   * page is already on its way. Failures are kept in the snapshot (olderError), never thrown.
   */
  async loadOlder(load: (cursor: string) => Promise<Page<T>>): Promise<void> {
    const cursor = this.olderCursor;
    if (cursor === null || this.snapshotValue.loadingOlder) return;
    const generation = this.generation;
    this.publish({ loadingOlder: true, olderError: null });
    let page: Page<T>;
    try {
      page = await load(cursor);
    } catch (error) {
      if (generation === this.generation) this.publish({ loadingOlder: false, olderError: error });
      return;
    }
    if (generation !== this.generation) return;
    this.merge(page.rows);
    this.pagedBack = true;
    this.olderCursor = page.nextCursor;
    this.publish({ loadingOlder: false });
  }

  /** Forgets everything (sign-out, another account). */
  reset(): void {
    this.generation++;
    this.byId.clear();
    this.ordered = [];
    this.olderCursor = null;
    this.pagedBack = false;
    this.publish({ loaded: false, loadingOlder: false, olderError: null });
  }

  /** Puts rows into the list; true when something changed. */
  private merge(rows: readonly T[]): boolean {
    let changed = false;
    let added = false;
    for (const row of rows) {
      const known = this.byId.get(row.id);
      if (known !== undefined) {
        const before = this.options.versionOf(known);
        const after = this.options.versionOf(row);
        // An older version (a poll that started before the update arrived) is ignored.
        if (before !== null && after !== null && after < before) continue;
        if (known === row) continue;
        // A row's time is its creation or execution time, so a new version keeps its place.
        added ||= this.options.timeOf(known) !== this.options.timeOf(row);
      } else {
        added = true;
      }
      this.byId.set(row.id, row);
      changed = true;
    }
    if (added) this.ordered = sortNewestFirst([...this.byId.values()], this.options.timeOf);
    else if (changed) this.ordered = this.ordered.map((row) => this.byId.get(row.id)!);
    return changed;
  }

  private publish(change: Partial<HistorySnapshot<T>>): void {
    this.snapshotValue = { ...this.snapshotValue, ...change, rows: this.ordered, hasOlder: this.olderCursor !== null };
    for (const listener of this.listeners) listener(this.snapshotValue);
  }
}

/** Rows newest first by their time, then by id descending (a total order: equal times sort the same way every time). */
export function sortNewestFirst<T extends { id: string }>(rows: T[], timeOf: (row: T) => string): T[] {
  const keyed = rows.map((row) => ({ row, time: Date.parse(timeOf(row)) }));
  keyed.sort((a, b) => b.time - a.time || (a.row.id < b.row.id ? 1 : a.row.id > b.row.id ? -1 : 0));
  return keyed.map((each) => each.row);
}
