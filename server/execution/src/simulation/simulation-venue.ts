// The simulation venue: seeded agents (agents.ts) trading on the SAME engine shards through the same
// path as users — the shard queue, the journal, the stored inputs and the per-request transaction
// (their events produce no reports: agent orders are not the order service's) — at a configured
// rate on a timer. Every trade, the top of book and a 10-level book snapshot of each symbol touched
// in a tick go to the market-data ingest sink, so quotes, L2, trades and bars are engine output.
// Invariants: deterministic for a seed, a time source and the engine state it starts from (the
// maker's position and quotes are read from the engine, so a restart continues consistently);
// one tick at a time (a slow tick delays the next, never overlaps it); stop() waits for the tick.
// Known limits: fair values restart from the configured prices; agents have no risk limits.
import type { EngineEvent, NewOrderCommand, Side } from '@kestrel/engine';
import type { Logger } from 'pino';
import type { EngineInput } from '../domain/engine-input.js';
import { applyAndPersist, type HandlerContext } from '../services/command-handler.js';
import type { EngineShard } from '../services/engine-shard.js';
import { engineSymbol } from '../store/execution-store.js';
import { AGENT_ACCOUNTS, decide, driftFair, type AgentIntent } from './agents.js';
import { SeededRandom } from './random.js';

/** Where market events go (the market-data ingest sink). */
export type MarketFeed = (events: readonly unknown[]) => Promise<void>;

/** Options of the simulation venue. */
export interface SimulationOptions {
  context: HandlerContext;
  /** Symbols with their starting fair value in ticks. */
  symbols: ReadonlyMap<string, number>;
  seed: number;
  ordersPerSecond: number;
  intervalMs: number;
  now: () => number;
  feed: MarketFeed;
  logger: Logger;
}

interface SymbolState {
  symbol: string;
  engineSymbol: number;
  shard: EngineShard;
  fairTicks: number;
  recentAggressors: Side[];
  budget: number;
}

/** The venue. */
export class SimulationVenue {
  readonly #options: SimulationOptions;
  readonly #random: SeededRandom;
  #states: SymbolState[] = [];
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> = Promise.resolve();
  /** Orders the agents submitted (for metrics and tests). */
  submitted = 0;

  constructor(options: SimulationOptions) {
    this.#options = options;
    this.#random = new SeededRandom(options.seed);
  }

  /** Resolves engine numbers; call once before tick() or start(). */
  async prepare(): Promise<void> {
    const { context, symbols } = this.#options;
    this.#states = [];
    for (const [symbol, fairTicks] of symbols) {
      const shard = context.shards.get(context.shardOf(symbol));
      if (!shard) continue;
      this.#states.push({ symbol, engineSymbol: await engineSymbol(context.db, symbol), shard, fairTicks, recentAggressors: [], budget: 0 });
    }
  }

  /** Starts the timer. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#running = this.#running.then(() => this.tick()).catch((error: unknown) => this.#options.logger.error({ err: error }, 'simulation tick failed'));
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer (no new tick starts; one in progress finishes). */
  halt(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Stops the timer and waits for the tick in progress. */
  async stop(): Promise<void> {
    this.halt();
    await this.#running;
  }

  /** One tick: each symbol gets its share of the order rate, then the market feed. */
  async tick(): Promise<void> {
    const market: unknown[] = [];
    for (const state of this.#states) {
      state.budget += (this.#options.ordersPerSecond * this.#options.intervalMs) / 1000;
      let touched = false;
      while (state.budget >= 1) {
        state.budget -= 1;
        state.fairTicks = driftFair(this.#random, state.fairTicks);
        const intents = await state.shard.run(async () => {
          const engine = state.shard.engine;
          const makerOrders = engine.openOrders(state.engineSymbol).filter((order) => order.account === BigInt(AGENT_ACCOUNTS.maker)).map((order) => order.orderId);
          const makerPosition = engine.riskAccount(AGENT_ACCOUNTS.maker, state.engineSymbol).position;
          return decide(this.#random, { fairTicks: state.fairTicks, makerPosition, makerOrders, recentAggressors: state.recentAggressors });
        });
        for (const intent of intents) {
          const events = await this.#submit(state, intent);
          for (const event of events) {
            if (event.type !== 'trade') continue;
            touched = true;
            state.recentAggressors.push(event.side);
            if (state.recentAggressors.length > 20) state.recentAggressors.shift();
            market.push({
              kind: 'trade',
              symbol: state.symbol,
              source: 'sim',
              timeMicros: Number(event.timestamp / 1000n),
              priceTicks: event.price,
              quantityLots: event.quantity,
              aggressor: event.side,
              tradeId: `${state.shard.name}-${event.sequence}`,
            });
          }
        }
        touched ||= intents.length > 0;
      }
      if (touched) market.push(...this.#bookEvents(state));
    }
    if (market.length > 0) await this.#options.feed(market);
  }

  async #submit(state: SymbolState, intent: AgentIntent): Promise<EngineEvent[]> {
    const { context } = this.#options;
    return state.shard.run(async () => {
      const timestamp = state.shard.timestamp();
      let input: EngineInput;
      if (intent.kind === 'cancel') {
        input = { kind: 'command', command: { type: 'cancel', symbol: state.engineSymbol, orderId: intent.orderId, account: intent.account, timestamp } };
      } else {
        const { rows } = await context.db.query<{ id: string }>("SELECT nextval('execution_agent_order_ids') AS id");
        const command: NewOrderCommand = {
          type: 'new_order',
          symbol: state.engineSymbol,
          orderId: BigInt(rows[0]!.id),
          account: intent.account,
          side: intent.side,
          price: intent.priceTicks,
          quantity: intent.quantityLots,
          timeInForce: intent.timeInForce,
          timestamp,
        };
        if (intent.lifetimeMs !== undefined) command.expireAt = timestamp + BigInt(intent.lifetimeMs) * 1_000_000n;
        input = { kind: 'command', command };
        this.submitted++;
      }
      const outcome = await applyAndPersist(context, state.shard, input, { kind: 'internal' }, async () => undefined);
      return outcome.events;
    });
  }

  #bookEvents(state: SymbolState): unknown[] {
    const engine = state.shard.engine;
    const timeMicros = Math.trunc(this.#options.now()) * 1000;
    const levels = (side: Side) => engine.depth(state.engineSymbol, side, 10).map((level) => [level.price, Number(level.quantity)]);
    const top = engine.topOfBook(state.engineSymbol);
    return [
      {
        kind: 'quote',
        symbol: state.symbol,
        source: 'sim',
        timeMicros,
        bid: top.bidPrice === null ? null : { priceTicks: top.bidPrice, quantityLots: Number(top.bidQuantity) },
        ask: top.askPrice === null ? null : { priceTicks: top.askPrice, quantityLots: Number(top.askQuantity) },
      },
      { kind: 'book-snapshot', symbol: state.symbol, source: 'sim', timeMicros, bids: levels('buy'), asks: levels('sell'), updateId: null, depthLimit: 10 },
    ];
  }
}
