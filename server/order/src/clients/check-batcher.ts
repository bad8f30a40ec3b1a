// Group commit for buying-power checks. Checks that arrive while earlier batches are on their way
// to the portfolio wait and then go together (one HTTP call, one portfolio transaction for all of
// them), so a busy order service makes few large calls while an idle one sends each check at
// once, with no timer in between. Each caller gets its own answer: its result, or the refusal or
// failure that a single call would have raised. Two batches may be in flight; the portfolio locks
// a batch's accounts in id order, so they cannot deadlock, and it decides each batch in the order
// given. Like concurrent single checks before, which of two racing orders gets the last buying
// power is not defined. When the portfolio refuses a whole batch (`isRefusal`: a 4xx about the
// request, e.g. one check its schema rejects), each check of it is sent again alone, so one bad
// check cannot take the others down with it. Known limit: a transport failure fails every check
// of that batch (each is retried on its own by the recovery sweep, as before).
import type { BuyingPowerCheckRequest, BuyingPowerCheckResult } from '@kestrel/shared';

/** One answer of a batch: a result, or the portfolio's refusal of that check alone. */
export type CheckAnswer = { result: BuyingPowerCheckResult } | { error: { code: string; status: number; message: string } };

/** Sends one batch and returns one answer per check, in order. */
export type SendChecks = (checks: readonly BuyingPowerCheckRequest[]) => Promise<CheckAnswer[]>;

interface Waiting {
  check: BuyingPowerCheckRequest;
  resolve: (answer: CheckAnswer) => void;
  reject: (error: unknown) => void;
}

/** Most checks in one call (the portfolio's limit is 1,000). */
const MAX_BATCH = 500;
/** Batches in flight at once: two keep the portfolio busy while the next batch forms. */
const MAX_IN_FLIGHT = 2;

/** Batches concurrent buying-power checks. */
export class CheckBatcher {
  readonly #send: SendChecks;
  readonly #isRefusal: (error: unknown) => boolean;
  readonly #waiting: Waiting[] = [];
  #inFlight = 0;

  constructor(send: SendChecks, isRefusal: (error: unknown) => boolean) {
    this.#send = send;
    this.#isRefusal = isRefusal;
  }

  /** The answer to one check, sent with whatever else is waiting. */
  check(check: BuyingPowerCheckRequest): Promise<CheckAnswer> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ check, resolve, reject });
      this.#flush();
    });
  }

  #flush(): void {
    while (this.#inFlight < MAX_IN_FLIGHT && this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, MAX_BATCH);
      this.#inFlight += 1;
      void this.#run(batch);
    }
  }

  async #run(batch: Waiting[]): Promise<void> {
    try {
      const answers = await this.#send(batch.map((waiting) => waiting.check));
      if (answers.length !== batch.length) throw new Error(`the portfolio answered ${answers.length} of ${batch.length} checks`);
      batch.forEach((waiting, i) => waiting.resolve(answers[i]!));
    } catch (error) {
      if (batch.length > 1 && this.#isRefusal(error)) {
        await Promise.all(batch.map((waiting) => this.#send([waiting.check]).then(([answer]) => waiting.resolve(answer!), waiting.reject)));
      } else {
        for (const waiting of batch) waiting.reject(error);
      }
    } finally {
      this.#inFlight -= 1;
      this.#flush();
    }
  }
}
