// A trading account: one owner, one currency, cash in minor units, a margin policy and a default
// tax-lot method. Margin model (docs/portfolio.md): equity = cash + Σ signed market value;
// required margin = ceil(long MV × longMarginBps / 10000) + ceil(|short MV| × shortMarginBps / 10000);
// buying power = equity − required margin − reserved (open orders). A cash account is the policy
// 10000/10000 bps: longs fully paid, shorts collateralised 100 % on top of their proceeds.
import { Type, type Static } from '@sinclair/typebox';
import { LotMethodSchema } from './lot-selection.js';
import {
  BasisPointsSchema,
  CurrencyCodeSchema,
  MinorUnitsSchema,
  TimestampSchema,
  UuidSchema,
  literalUnion,
} from './primitives.js';

/** Cash accounts (no leverage) and margin accounts. */
export const ACCOUNT_TYPES = ['cash', 'margin'] as const;
/** An account type. */
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Account states: only active accounts may open new positions. */
export const ACCOUNT_STATUSES = ['active', 'restricted', 'closed'] as const;
/** An account state. */
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** How much of a position's value the account must hold as margin. */
export const MarginPolicySchema = Type.Object(
  {
    /** Margin on long market value in basis points (10000 = fully paid). */
    longMarginBps: BasisPointsSchema,
    /** Margin on short market value, on top of the short proceeds, in basis points. */
    shortMarginBps: BasisPointsSchema,
    allowShortSelling: Type.Boolean(),
  },
  { additionalProperties: false },
);
/** How much of a position's value the account must hold as margin. */
export type MarginPolicy = Static<typeof MarginPolicySchema>;

/** Default policy of each account type. */
export const DEFAULT_MARGIN_POLICIES: Readonly<Record<AccountType, MarginPolicy>> = {
  cash: { longMarginBps: 10_000, shortMarginBps: 10_000, allowShortSelling: true },
  margin: { longMarginBps: 5_000, shortMarginBps: 5_000, allowShortSelling: true },
};

/** An account with its balances and valuation (valued at the last trade prices). */
export const AccountSchema = Type.Object(
  {
    id: UuidSchema,
    ownerUserId: UuidSchema,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    currency: CurrencyCodeSchema,
    type: literalUnion(ACCOUNT_TYPES),
    status: literalUnion(ACCOUNT_STATUSES),
    lotMethod: LotMethodSchema,
    marginPolicy: MarginPolicySchema,
    cashMinor: MinorUnitsSchema,
    /** Deposits minus withdrawals, so equity − netDeposits is the account's total P&L. */
    netDepositsMinor: MinorUnitsSchema,
    /** Σ signed market value of the positions (long +, short −). */
    marketValueMinor: MinorUnitsSchema,
    equityMinor: MinorUnitsSchema,
    requiredMarginMinor: MinorUnitsSchema,
    /** Held for open orders by buying-power reservations. */
    reservedMinor: MinorUnitsSchema,
    buyingPowerMinor: MinorUnitsSchema,
    realisedPnlMinor: MinorUnitsSchema,
    unrealisedPnlMinor: MinorUnitsSchema,
    feesMinor: MinorUnitsSchema,
    /** Increases with every change to the account; consumers drop events older than what they hold. */
    version: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  },
  { additionalProperties: false },
);
/** An account with its balances and valuation. */
export type Account = Static<typeof AccountSchema>;
