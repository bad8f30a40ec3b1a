// Group commit: items that arrive while earlier batches are being processed wait and then go
// together, so a busy service runs few large batches (one round trip, one transaction for many
// requests) while an idle one sends each item at once, with no timer in between. A batch starts at
// the end of the event-loop turn in which its first item arrived (setImmediate), so the items of
// one turn — the requests read in one poll, the callers woken by one finished batch — start
// together instead of the first one or two alone. Each caller gets its own answer. At most
// `maxInFlight` batches run at once and each holds at most `maxBatch` items. When a whole batch
// fails and `retryAlone(error)` says the failure may be one item's fault (a refusal of the
// request, a constraint violated by one row), each item of that batch is run again alone, so one
// bad item cannot take the others down; otherwise every caller of the batch gets the batch's error.
// Invariant: `run` must answer one result per item, in item order. Known limit: items are not
// de-duplicated or ordered beyond arrival order; callers that need an item to wait for another
// (same key) arrange that before submitting.

/** Runs one batch and returns one answer per item, in order. */
export type RunBatch<TItem, TAnswer> = (items: readonly TItem[]) => Promise<TAnswer[]>;

/** Options of GroupBatcher. */
export interface GroupBatcherOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches running at once (two keep the next one forming while one commits). */
  maxInFlight: number;
  /** True when a failed batch should be retried item by item. Default: never. */
  retryAlone?: (error: unknown) => boolean;
}

interface Waiting<TItem, TAnswer> {
  item: TItem;
  resolve: (answer: TAnswer) => void;
  reject: (error: unknown) => void;
}

/** Batches concurrent requests into group commits. */
export class GroupBatcher<TItem, TAnswer> {
  readonly #run: RunBatch<TItem, TAnswer>;
  readonly #options: GroupBatcherOptions;
  readonly #waiting: Waiting<TItem, TAnswer>[] = [];
  #inFlight = 0;
  #flushScheduled = false;

  constructor(run: RunBatch<TItem, TAnswer>, options: GroupBatcherOptions) {
    this.#run = run;
    this.#options = options;
  }

  /** The answer for one item, processed with whatever else is waiting. */
  submit(item: TItem): Promise<TAnswer> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#scheduleFlush();
    });
  }

  /** Starts what can start once this turn of the event loop has submitted everything it will. */
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    while (this.#inFlight < this.#options.maxInFlight && this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.#options.maxBatch);
      this.#inFlight += 1;
      void this.#process(batch);
    }
  }

  async #process(batch: Waiting<TItem, TAnswer>[]): Promise<void> {
    try {
      const answers = await this.#run(batch.map((waiting) => waiting.item));
      if (answers.length !== batch.length) throw new Error(`a batch of ${batch.length} items got ${answers.length} answers`);
      batch.forEach((waiting, i) => waiting.resolve(answers[i]!));
    } catch (error) {
      if (batch.length > 1 && this.#options.retryAlone?.(error) === true) {
        await Promise.all(batch.map((waiting) => this.#run([waiting.item]).then(([answer]) => waiting.resolve(answer!), waiting.reject)));
      } else {
        for (const waiting of batch) waiting.reject(error);
      }
    } finally {
      this.#inFlight -= 1;
      this.#scheduleFlush();
    }
  }
}
