// Average-cost fill accounting.
#include "kestrel/engine/risk_position.h"

namespace kestrel::engine {

Int128 RiskPosition::apply_fill(Side side, Price price, Quantity fill) noexcept {
  if (fill <= 0) return 0;
  const Int128 delta = side == Side::Buy ? Int128{fill} : -Int128{fill};
  const Int128 lots = delta < 0 ? -delta : delta;
  if (quantity == 0 || (quantity > 0) == (delta > 0)) {
    quantity = sat_add(quantity, delta);
    cost = sat_add(cost, delta * price);  // |delta * price| < 2^126: exact
    return 0;
  }
  const Int128 held = quantity < 0 ? -quantity : quantity;
  const Int128 closing = lots < held ? lots : held;
  // cost * closing / held without forming the (possibly > 2^127) product: split cost = a*held + r.
  const Int128 released = sat_add(sat_mul(cost / held, closing), sat_mul(cost % held, closing) / held);
  const Int128 pnl = sat_sub((quantity > 0 ? closing : -closing) * price, released);
  cost = sat_sub(cost, released);
  quantity += delta > 0 ? closing : -closing;
  const Int128 opening = lots - closing;
  if (opening > 0) {
    quantity = delta > 0 ? opening : -opening;
    cost = quantity * price;  // |opening| <= 2^63: exact
  }
  realized = sat_add(realized, pnl);
  realized_today = sat_add(realized_today, pnl);
  return pnl;
}

}  // namespace kestrel::engine
