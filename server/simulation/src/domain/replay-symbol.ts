// The symbol a replay session trades under: the replayed symbol plus `.R` and the first eight hex
// digits of the session id (e.g. AAPL.R1A2B3C4D). A separate symbol keeps everything the session
// produces — the portfolio's positions and marks, the stream's quotes/trades/bars — apart from the
// live instrument, so historical prices never move a live mark. Invariant: the result matches the
// shared SymbolSchema (at most 32 characters: the replayed symbol is cut to 22).

/** The trading symbol of session `sessionId` replaying `symbol`. */
export function replaySymbol(symbol: string, sessionId: string): string {
  return `${symbol.slice(0, 22)}.R${sessionId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}
