/**
 * The time in the UK (Europe/London), where school registers are kept, worked out without `Intl`: the first
 * `Intl.DateTimeFormat` on a page costs tens of milliseconds (ICU's data), a large part of a component's first
 * render, and some browsers without Welsh locale data would write the Welsh as US English. British Summer Time runs
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
 */

/**
 * A `Date` whose UTC fields (`getUTCHours()`, `toISOString()`) read as the UK's wall clock at `at`, whatever zone the
 * device is set to (a laptop brought back from abroad, a virtual desktop hosted elsewhere).
 */
export function ukWallClock(at: Date): Date {
  const t = at.getTime();
  const y = at.getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(y, month + 1, 0));
    return Date.UTC(y, month, last.getUTCDate() - last.getUTCDay(), 1);
  };
  return new Date(t >= lastSunday(2) && t < lastSunday(9) ? t + 3_600_000 : t);
}

/** `2027-08-31`: the date in the UK at `now`. */
export function ukToday(now: Date = new Date()): string {
  return ukWallClock(now).toISOString().slice(0, 10);
}

/** `14:03`: the time of day in the UK at `at`, as en-GB and cy-GB both write it (two-digit hours and minutes). */
export function ukClock(at: Date): string {
  return ukWallClock(at).toISOString().slice(11, 16);
}
