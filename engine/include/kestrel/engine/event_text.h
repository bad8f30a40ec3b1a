// One-line human-readable rendering of events and commands for test failure messages, fuzz crash
// reports and CLI diagnostics. Not a wire format: use the codec for anything machine-read.
#pragma once

#include <string>

#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** E.g. "#7 Trade sym=1 id=3 acct=1 Buy px=100 qty=5 rem=0 ctr=2/1 ctr_rem=5 code=OK". */
std::string to_string(const Event& event);

/** E.g. "NewOrder sym=1 id=3 acct=1 Buy Limit GTC px=100 stop=0 qty=5 disp=0 stp=0 flags=0 t=0 exp=0". */
std::string to_string(const Command& command);

/** Field-by-field equality (Event has no operator==). */
bool same_event(const Event& a, const Event& b) noexcept;

}  // namespace kestrel::engine
