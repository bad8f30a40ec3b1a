// The trading history most tests report on: a USD margin account funded with 100,000.00 that
// trades GOOG long over 2023-2024 (three buys, two FIFO sells, one lot held more than a year) and
// MSFT short once, with weekly GOOG marks in the first half of 2023 so the equity curve rises,
// falls and recovers. Prices are in cents (0.01 ticks, 1-share lots), fees 1.00 per fill.
import type pg from 'pg';
import { PortfolioLedger } from './portfolio-ledger.js';

/** Books the scenario for `ownerUserId` and returns the ledger. */
export async function bookScenario(db: pg.Pool, ownerUserId: string): Promise<PortfolioLedger> {
  const ledger = await new PortfolioLedger(db, ownerUserId).open('Scenario account', ['GOOG', 'MSFT']);
  await ledger.deposit(10_000_000, '2023-01-02T14:00:00Z');
  await ledger.fill('GOOG', 'buy', 100, 9000, '2023-01-03T15:00:00Z', 100);
  const marks: Array<[string, number]> = [
    ['2023-01-10', 8800],
    ['2023-01-17', 8500],
    ['2023-01-24', 8700],
  ];
  for (const [day, price] of marks) await ledger.mark('GOOG', price, `${day}T21:00:00Z`);
  await ledger.fill('GOOG', 'buy', 50, 9500, '2023-02-01T15:00:00Z', 100);
  const later: Array<[string, number]> = [
    ['2023-02-07', 9700],
    ['2023-02-14', 9900],
    ['2023-03-01', 9300],
    ['2023-03-15', 8900],
    ['2023-04-03', 9600],
    ['2023-05-01', 10200],
  ];
  for (const [day, price] of later) await ledger.mark('GOOG', price, `${day}T21:00:00Z`);
  await ledger.fill('GOOG', 'sell', 120, 10000, '2023-06-01T15:00:00Z', 100);
  await ledger.fill('GOOG', 'buy', 30, 8000, '2023-07-03T15:00:00Z', 100);
  await ledger.fill('MSFT', 'sell', 10, 30000, '2023-08-01T15:00:00Z', 100);
  await ledger.fill('MSFT', 'buy', 10, 28000, '2023-09-01T15:00:00Z', 100);
  await ledger.fill('GOOG', 'sell', 60, 11000, '2024-03-01T15:00:00Z', 100);
  return ledger;
}

/** Fills the scenario books. */
export const SCENARIO_FILLS = 7;
