// Converting a venue's local wall-clock day to UTC. Why: LOBSTER times are seconds after local
// midnight (New York), and an instrument's sessions are local times in an IANA zone, so the UTC
// instant depends on that day's daylight-saving offset. Known limit: assumes the offset does not
// change between midnight and the time converted (true for every exchange session: DST switches
// happen at 02:00-03:00 local, outside trading hours).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Offset of `timeZone` from UTC at `utcMs`, in ms (e.g. -4 h for New York in June). Throws RangeError for an unknown zone. */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant (ms) of local midnight starting `day` (YYYY-MM-DD) in `timeZone`. */
export function localMidnightUtcMs(day: string, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const naive = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(naive).toISOString().slice(0, 10) !== day) throw new RangeError(`"${day}" is not a valid YYYY-MM-DD day`);
  // The offset at local noon is the day's offset (see the module's known limit).
  const offset = zoneOffsetMs(timeZone, naive + 12 * 3_600_000);
  return naive - offset;
}
