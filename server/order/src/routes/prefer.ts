// The `Prefer` request header (RFC 7240) as order entry reads it: only `respond-async` matters.
// The header may come more than once and holds a comma-separated list of preferences, each a name
// (case-insensitive) optionally followed by `=value` and `;` parameters; what it does not
// understand is ignored, as the RFC asks.

/** True when the client asked for `respond-async`. */
export function prefersRespondAsync(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const values = Array.isArray(header) ? header : [header];
  return values.some((value) => value.split(',').some((preference) => preference.split(/[=;]/, 1)[0]!.trim().toLowerCase() === 'respond-async'));
}
