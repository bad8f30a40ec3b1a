// Books one fill into a position: cash, tax lots, realised P&L. Exactness rules (docs/portfolio.md):
// - The fill's notional N = price × qty × valuePerTickLot is rounded half-even to whole minor
//   units ONCE; everything after is integer bookkeeping of N.
// - A fill that reduces a position closes lots (planRelief) and may flip it: N is split between
//   the closing and the opening quantity, and the closing part between the closed lots, with
//   allocateProportionally, so no minor unit is created or lost.
// - Closing d of a lot's q open lots relieves floor(cost × d / q) of its cost (all of it when
//   d = q), so a lot's cost is fully relieved exactly when it is fully closed.
// Invariants (checked by the property tests): open lots are all on the position's side, their
// quantities add up to |quantityLots| and their costs to costBasisMinor; over any sequence of fills
// that ends flat, realised P&L = Σ sell notionals − Σ buy notionals whatever the lot method;
// cash + market value − net deposits = realised + unrealised − fees.
import {
  allocateProportionally,
  divideRounded,
  toSafeNumber,
  type Fraction,
  type LotMethod,
  type LotSelection,
} from '@kestrel/shared';
import type { LedgerFill, LedgerLot, LedgerPosition } from './ledger-types.js';
import { planRelief } from './lot-relief.js';

/** How much of one lot one fill closed. For a short lot `openAmount` is proceeds and `closeAmount` the cover cost. */
export interface LotDisposal {
  lotId: string;
  quantityLots: number;
  /** Cost (long) or proceeds (short) relieved from the lot. */
  openAmountMinor: number;
  /** The share of this fill's notional that closed it. */
  closeAmountMinor: number;
  realisedPnlMinor: number;
}

/** Everything booking one fill changes. */
export interface FillBooking {
  position: LedgerPosition;
  notionalMinor: number;
  /** −N − fee for a buy, +N − fee for a sell. */
  cashDeltaMinor: number;
  realisedPnlMinor: number;
  disposals: LotDisposal[];
  /** Lots whose open quantity changed, with their new state (quantityLots 0 = closed). */
  changedLots: LedgerLot[];
  openedLot: LedgerLot | null;
  /** A specific lot selection could not be followed in full and the fallback method completed it. */
  lotSelectionFallback: boolean;
}

/** What booking needs besides the position and the fill. */
export interface BookingContext {
  /** Minor units per tick per lot of the instrument (see shared valuePerTickLot). */
  valuePerTickLot: Fraction;
  lotMethod: LotMethod;
  selection: LotSelection | null;
  /** Id for a lot this fill opens. */
  newLotId: () => string;
  /** openSequence for a lot this fill opens (greater than every existing lot's). */
  nextOpenSequence: number;
}

function safe(value: bigint, what: string): number {
  return toSafeNumber(value, what);
}

/** Books `fill` into `position` and returns the new position and what changed; pure. */
export function bookFill(position: LedgerPosition, fill: LedgerFill, context: BookingContext): FillBooking {
  const { valuePerTickLot: value } = context;
  const quantity = BigInt(fill.quantityLots);
  const notional = divideRounded(BigInt(fill.priceTicks) * quantity * value.numerator, value.denominator, 'half-even');
  const fee = BigInt(fill.feeMinor);
  const buying = fill.side === 'buy';
  const held = position.quantityLots;
  const reducing = (buying && held < 0) || (!buying && held > 0);
  const closing = reducing ? Math.min(fill.quantityLots, Math.abs(held)) : 0;
  const opening = fill.quantityLots - closing;
  const [closeNotional = 0n, openNotional = 0n] =
    opening === 0 ? [notional, 0n] : closing === 0 ? [0n, notional] : allocateProportionally(notional, [BigInt(closing), BigInt(opening)]);

  const disposals: LotDisposal[] = [];
  const changed = new Map<string, LedgerLot>();
  let realised = 0n;
  let usedFallback = false;
  if (closing > 0) {
    const plan = planRelief(position.lots, closing, context.lotMethod, context.selection);
    usedFallback = plan.usedFallback;
    const closeShares = allocateProportionally(
      closeNotional,
      plan.reliefs.map((relief) => BigInt(relief.quantityLots)),
    );
    plan.reliefs.forEach((relief, index) => {
      const lot = relief.lot;
      const cost = BigInt(lot.costMinor);
      const open = BigInt(lot.quantityLots);
      const amount = BigInt(relief.quantityLots);
      const openShare = amount === open ? cost : divideRounded(cost * amount, open, 'floor');
      const closeShare = closeShares[index] ?? 0n;
      const pnl = lot.side === 'long' ? closeShare - openShare : openShare - closeShare;
      realised += pnl;
      disposals.push({
        lotId: lot.id,
        quantityLots: relief.quantityLots,
        openAmountMinor: safe(openShare, 'relieved cost'),
        closeAmountMinor: safe(closeShare, 'closing notional'),
        realisedPnlMinor: safe(pnl, 'realised P&L'),
      });
      changed.set(lot.id, { ...lot, quantityLots: lot.quantityLots - relief.quantityLots, costMinor: safe(cost - openShare, 'lot cost') });
    });
  }

  let openedLot: LedgerLot | null = null;
  if (opening > 0) {
    openedLot = {
      id: context.newLotId(),
      side: buying ? 'long' : 'short',
      openExecutionId: fill.executionId,
      openPriceTicks: fill.priceTicks,
      openedAt: fill.executedAt,
      openSequence: context.nextOpenSequence,
      originalQuantityLots: opening,
      quantityLots: opening,
      costMinor: safe(openNotional, 'lot cost'),
    };
  }

  const lots = position.lots
    .map((lot) => changed.get(lot.id) ?? lot)
    .filter((lot) => lot.quantityLots > 0)
    .concat(openedLot ? [openedLot] : []);
  const costBasis = lots.reduce((sum, lot) => sum + BigInt(lot.costMinor), 0n);
  const signedQuantity = BigInt(held) + (buying ? quantity : -quantity);
  const next: LedgerPosition = {
    symbol: position.symbol,
    quantityLots: safe(signedQuantity, 'position quantity'),
    costBasisMinor: safe(costBasis, 'cost basis'),
    realisedPnlMinor: safe(BigInt(position.realisedPnlMinor) + realised, 'realised P&L'),
    feesMinor: safe(BigInt(position.feesMinor) + fee, 'fees'),
    lots,
  };
  return {
    position: next,
    notionalMinor: safe(notional, 'notional'),
    cashDeltaMinor: safe(buying ? -notional - fee : notional - fee, 'cash change'),
    realisedPnlMinor: safe(realised, 'realised P&L'),
    disposals,
    changedLots: [...changed.values()],
    openedLot,
    lotSelectionFallback: usedFallback,
  };
}
