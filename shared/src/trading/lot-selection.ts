// How a disposal picks the tax lots it closes. Accounts carry a default method; an order may
// override it for its own fills (specific identification must be designated when the order is
// placed, as tax rules require). Invariant: a specific selection lists open lots of the position
// being reduced; quantity beyond the listed lots (or an invalid listing) falls back to the
// account default, and the portfolio records that it did.
import { Type, type Static } from '@sinclair/typebox';
import { QuantityLotsSchema, UuidSchema, literalUnion } from './primitives.js';

/** Lot relief methods: first in first out, last in first out, highest cost first, specific lots. */
export const LOT_METHODS = ['fifo', 'lifo', 'hifo', 'specific'] as const;
/** One lot relief method. */
export type LotMethod = (typeof LOT_METHODS)[number];

/** Schema of a lot method. */
export const LotMethodSchema = literalUnion(LOT_METHODS);

/** The lots an order's fills should close, in priority order. */
export const LotSelectionSchema = Type.Object(
  {
    method: LotMethodSchema,
    /** With `specific`: open lot ids to close first, each up to `quantityLots` (whole lot when absent). */
    lots: Type.Optional(
      Type.Array(Type.Object({ lotId: UuidSchema, quantityLots: Type.Optional(QuantityLotsSchema) }, { additionalProperties: false }), {
        maxItems: 1000,
      }),
    ),
  },
  { additionalProperties: false },
);
/** The lots an order's fills should close. */
export type LotSelection = Static<typeof LotSelectionSchema>;
