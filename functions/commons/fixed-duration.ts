/**
 * Milliseconds of an ISO-8601 duration of fixed length (weeks, days, hours, minutes, seconds; the
 * config's `fixedDuration`), without luxon: the webhook receiver needs nothing else from it, and
 * luxon alone would be 74 KB of its 250 KB bundle budget.
 */
const FIXED_DURATION = /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000];

export const fixedDurationMs = (iso: string): number => {
  const match = FIXED_DURATION.exec(iso);
  if (!match) throw new RangeError(`"${iso}" is not an ISO-8601 duration of weeks, days, hours, minutes and seconds`);
  return UNIT_MS.reduce((total, unitMs, i) => total + Number(match[i + 1] ?? 0) * unitMs, 0);
};
