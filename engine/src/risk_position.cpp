// Average-cost fill accounting.
#include "kestrel/engine/risk_position.h"

namespace kestrel::engine {

Int128 RiskPosition::apply_fill(Side side, Price price, Quantity fill) noexcept {
  if (fill <= 0) return 0;
  const Int128 delta = side == Side::Buy ? Int128{fill} : -Int128{fill};
  const Int128 lots = delta < 0 ? -delta : delta;
  if (quantity == 0 || (quantity > 0) == (delta > 0)) {
    quantity += delta;
    cost += delta * price;
    return 0;
  }
  const Int128 held = quantity < 0 ? -quantity : quantity;
  const Int128 closing = lots < held ? lots : held;
  // cost * closing / held without forming the (possibly > 2^127) product: split cost = a*held + r.
  const Int128 released = (cost / held) * closing + (cost % held) * closing / held;
  const Int128 pnl = (quantity > 0 ? closing : -closing) * price - released;
  cost -= released;
  quantity += delta > 0 ? closing : -closing;
  const Int128 opening = lots - closing;
  if (opening > 0) {
    quantity = delta > 0 ? opening : -opening;
    cost = quantity * price;
  }
  realized += pnl;
  realized_today += pnl;
  return pnl;
}

}  // namespace kestrel::engine
