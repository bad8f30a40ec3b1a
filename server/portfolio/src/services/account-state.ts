// Loads everything needed to value one account (positions with lots, instrument economics,
// marks, reservations) and turns it into the shared Account / Position views and a P&L snapshot.
// Invariant: one call reads through one Queryable, so inside a transaction the view is consistent
// with the changes that transaction made.
import { queryTogether, type Statement, type TextQueryable } from '@kestrel/server-common';
import {
  valuePerTickLot,
  toRatio,
  toSafeNumber,
  type Account,
  type Fraction,
  type InstrumentEconomics,
  type Position,
} from '@kestrel/shared';
import { averageCost, averageOpenPrice, markPosition, valueAccount, type AccountValuation, type PositionMark } from '../domain/valuation.js';
import { portfolioError } from '../errors.js';
import type { AccountRecord } from '../store/accounts-store.js';
import { findInstrumentsStatement, foundInstruments } from '../store/instruments-store.js';
import { findMarksStatement, foundMarks, type Mark } from '../store/market-store.js';
import { openLotsOfStatement, positionsOf, positionsOfStatement, type StoredPosition } from '../store/positions-store.js';
import { foundReservationTotals, reservationTotalsStatement, type PendingLots, type ReservationTotals } from '../store/reservations-store.js';
import type { Snapshot } from '../store/snapshots-store.js';

/** One position with its instrument, mark and valuation. */
export interface MarkedPosition {
  position: StoredPosition;
  instrument: InstrumentEconomics;
  valuePerTickLot: Fraction;
  mark: Mark | null;
  valuation: PositionMark;
}

/** An account and its valued positions. */
export interface AccountState {
  account: AccountRecord;
  positions: MarkedPosition[];
  reservedMinor: number;
  /** Symbol → remaining lots of the account's open orders per side (symbols without any are absent). */
  pendingLots: ReadonlyMap<string, PendingLots>;
  valuation: AccountValuation;
}

/** Reads and values the account. */
export async function loadAccountState(db: TextQueryable, account: AccountRecord): Promise<AccountState> {
  const state = (await loadAccountStates(db, [account])).get(account.id)!;
  if (state instanceof Error) throw state;
  return state;
}

/**
 * Reads and values several accounts in one round trip (accountStateReads); an account that cannot
 * be valued (no economics for a position, a total beyond 2^53) gets the error instead of a state.
 */
export async function loadAccountStates(db: TextQueryable, accounts: readonly AccountRecord[]): Promise<Map<string, AccountState | Error>> {
  const ids = accounts.map((account) => account.id);
  return accountStatesFrom(ids, accounts, await queryTogether(db, accountStateReads(ids))).states;
}

/**
 * What valuing the accounts `accountIds` reads, one statement per kind of row: their positions and
 * open lots, the economics and marks of every symbol they hold (and of `symbols`), their
 * reservation totals. Sent together (queryTogether), after an account lock when there is one.
 */
export function accountStateReads(accountIds: readonly string[], symbols: readonly string[] = []): Statement[] {
  return [
    positionsOfStatement(accountIds),
    openLotsOfStatement(accountIds),
    findInstrumentsStatement(symbols, accountIds),
    findMarksStatement(accountIds),
    reservationTotalsStatement(accountIds),
  ];
}

/**
 * The states of `accounts` (the records found among `accountIds`) from the results of
 * accountStateReads(accountIds), in its order; with the instrument economics read.
 */
export function accountStatesFrom(
  accountIds: readonly string[],
  accounts: readonly AccountRecord[],
  [positions, lots, instruments, marks, totals]: readonly { rows: unknown[] }[],
): { states: Map<string, AccountState | Error>; instruments: Map<string, InstrumentEconomics> } {
  const economics = foundInstruments(instruments!);
  const states = valueAccounts(accounts, positionsOf(accountIds, positions!, lots!), economics, foundMarks(marks!), foundReservationTotals(accountIds, totals!));
  return { states, instruments: economics };
}

function valueAccounts(
  accounts: readonly AccountRecord[],
  positionsOf: ReadonlyMap<string, readonly StoredPosition[]>,
  instruments: ReadonlyMap<string, InstrumentEconomics>,
  marks: ReadonlyMap<string, Mark>,
  totals: ReadonlyMap<string, ReservationTotals>,
): Map<string, AccountState | Error> {
  const states = new Map<string, AccountState | Error>();
  for (const account of accounts) {
    try {
      states.set(account.id, valued(account, positionsOf.get(account.id)!, instruments, marks, totals.get(account.id)!));
    } catch (error) {
      states.set(account.id, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return states;
}

function valued(
  account: AccountRecord,
  positions: readonly StoredPosition[],
  instruments: ReadonlyMap<string, InstrumentEconomics>,
  marks: ReadonlyMap<string, Mark>,
  reservations: ReservationTotals,
): AccountState {
  const marked = positions.map((position): MarkedPosition => {
    const instrument = instruments.get(position.symbol);
    if (!instrument) throw portfolioError('PORTFOLIO_INSTRUMENT_UNKNOWN', `no instrument economics for ${position.symbol}`);
    const value = valuePerTickLot(instrument);
    const mark = marks.get(position.symbol) ?? null;
    return { position, instrument, valuePerTickLot: value, mark, valuation: markPosition(position, mark?.priceTicks ?? null, value) };
  });
  const reservedMinor = toSafeNumber(reservations.reservedMinor, 'reserved buying power');
  const valuation = valueAccount(
    { cashMinor: account.cashMinor, reservedMinor, marginPolicy: account.marginPolicy },
    marked.map((entry) => entry.valuation),
  );
  return { account, positions: marked, reservedMinor, pendingLots: reservations.pendingLots, valuation };
}

/** The shared Account view. */
export function accountView(state: AccountState): Account {
  const { account, valuation } = state;
  return {
    id: account.id,
    ownerUserId: account.ownerUserId,
    name: account.name,
    currency: account.currency,
    type: account.type,
    status: account.status,
    lotMethod: account.lotMethod,
    marginPolicy: account.marginPolicy,
    cashMinor: account.cashMinor,
    netDepositsMinor: account.netDepositsMinor,
    marketValueMinor: valuation.marketValueMinor,
    equityMinor: valuation.equityMinor,
    requiredMarginMinor: valuation.requiredMarginMinor,
    reservedMinor: state.reservedMinor,
    buyingPowerMinor: valuation.buyingPowerMinor,
    realisedPnlMinor: account.realisedPnlMinor,
    unrealisedPnlMinor: valuation.unrealisedPnlMinor,
    feesMinor: account.feesMinor,
    version: account.version,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

/** The shared Position view of one marked position (with its open lots when asked). */
export function positionView(accountId: string, entry: MarkedPosition, withLots: boolean): Position {
  const { position, valuation, mark } = entry;
  const cost = averageCost(position);
  const price = averageOpenPrice(position);
  const view: Position = {
    accountId,
    symbol: position.symbol,
    currency: entry.instrument.currency,
    quantityLots: position.quantityLots,
    costBasisMinor: position.costBasisMinor,
    averageCost: cost === null ? null : toRatio(cost),
    averagePrice: price === null ? null : toRatio(price),
    markPriceTicks: mark?.priceTicks ?? null,
    markedAt: mark?.asOf ?? null,
    marketValueMinor: mark ? valuation.marketValueMinor : null,
    unrealisedPnlMinor: mark ? valuation.unrealisedPnlMinor : null,
    realisedPnlMinor: position.realisedPnlMinor,
    feesMinor: position.feesMinor,
    updatedAt: position.updatedAt,
  };
  if (withLots) {
    view.lots = position.lots.map((lot) => ({
      id: lot.id,
      accountId,
      symbol: position.symbol,
      side: lot.side,
      openExecutionId: lot.openExecutionId,
      openPriceTicks: lot.openPriceTicks,
      openedAt: lot.openedAt,
      originalQuantityLots: lot.originalQuantityLots,
      quantityLots: lot.quantityLots,
      costMinor: lot.costMinor,
      closedAt: null,
    }));
  }
  return view;
}

/** The P&L snapshot of the state at `at`. */
export function snapshotOf(state: AccountState, at: string, cause: Snapshot['cause']): Snapshot {
  return {
    accountId: state.account.id,
    at,
    cashMinor: state.account.cashMinor,
    marketValueMinor: state.valuation.marketValueMinor,
    netDepositsMinor: state.account.netDepositsMinor,
    realisedPnlMinor: state.account.realisedPnlMinor,
    unrealisedPnlMinor: state.valuation.unrealisedPnlMinor,
    feesMinor: state.account.feesMinor,
    cause,
  };
}
