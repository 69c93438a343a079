import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** Everything is stored in UTC and entered and shown in UK time. */
export const UK_TIME_ZONE = "Europe/London";

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

/**
 * Reads a date-time as typed in UK time ("2026-10-25T01:30" or "2026-10-25") and returns
 * the UTC instant. At the October clock change 01:00-02:00 happens twice: we take the
 * first (BST) one. In March 01:00-02:00 does not exist: it moves forward an hour, as a
 * clock on the wall would. Returns null for anything that is not a real date.
 */
export function parseUkDateTime(value: string): Date | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00"] = m;
  const year = Number(y),
    month = Number(mo),
    day = Number(d),
    hour = Number(h),
    minute = Number(mi);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  // Reject 31 February and friends: the wall-clock date must survive a round trip.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  // First guess: treat the wall time as UTC, then correct by the zone's offset at that instant.
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsetAt = (t: number) => -new TZDate(t, UK_TIME_ZONE).getTimezoneOffset() * 60_000;
  const firstGuess = wallAsUtc - offsetAt(wallAsUtc - 3 * 3600_000);
  const secondGuess = wallAsUtc - offsetAt(firstGuess);
  // Ambiguous (October): both guesses are real instants showing this wall time; keep the earlier.
  const candidates = [firstGuess, secondGuess].filter((t) => formatUkInput(new Date(t)) === formatWall(year, month, day, hour, minute));
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // Gap (March): no instant shows this wall time; the clock jumps, so use the standard-time reading.
  return new Date(wallAsUtc - offsetAt(wallAsUtc - 24 * 3600_000));
}

function formatWall(y: number, mo: number, d: number, h: number, mi: number) {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}`;
}

/** The value for an `<input type="datetime-local">` showing this instant in UK time. */
export function formatUkInput(date: Date | null | undefined): string {
  if (!date) return "";
  return format(new TZDate(date, UK_TIME_ZONE), "yyyy-MM-dd'T'HH:mm");
}

/** "Friday 11 June 2010, 5:30pm" in UK time. */
export function formatUkDateTime(date: Date | null | undefined): string {
  if (!date) return "";
  const local = new TZDate(date, UK_TIME_ZONE);
  const time = format(local, local.getMinutes() === 0 ? "haaa" : "h:mmaaa");
  return `${format(local, "EEEE d MMMM yyyy")}, ${time}`;
}

/** "11 June 2010" in UK time. */
export function formatUkDate(date: Date | null | undefined): string {
  if (!date) return "";
  return format(new TZDate(date, UK_TIME_ZONE), "d MMMM yyyy");
}

/** The calendar year of an instant in UK time. */
/** The calendar date in the UK at `now`, as YYYY-MM-DD ("2010-05-20"): dated checks and once-a-day keys. */
export function ukToday(now: Date): string {
  return format(new TZDate(now, UK_TIME_ZONE), "yyyy-MM-dd");
}

export function ukYear(date: Date): number {
  return new TZDate(date, UK_TIME_ZONE).getFullYear();
}
