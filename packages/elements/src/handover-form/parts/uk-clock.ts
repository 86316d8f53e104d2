/**
 * `14:03`: the time of day in the UK (Europe/London), as en-GB and cy-GB both write it, with two-digit hours and
 * minutes. UK time, as every other date the form shows is, whatever zone the device is set to (a laptop brought
 * back from abroad, a virtual desktop hosted elsewhere). British Summer Time runs from 01:00 UTC on the last Sunday
 * of March to 01:00 UTC on the last Sunday of October. Worked out without Intl, whose first formatter on a page
 * costs tens of milliseconds (ICU's data), and whose Welsh would come out as US English in browsers without Welsh
 * locale data.
 */
export function ukClock(d: Date): string {
  const t = d.getTime();
  const y = d.getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(y, month + 1, 0));
    return Date.UTC(y, month, last.getUTCDate() - last.getUTCDay(), 1);
  };
  const uk = new Date(t >= lastSunday(2) && t < lastSunday(9) ? t + 3_600_000 : t);
  return `${String(uk.getUTCHours()).padStart(2, '0')}:${String(uk.getUTCMinutes()).padStart(2, '0')}`;
}
