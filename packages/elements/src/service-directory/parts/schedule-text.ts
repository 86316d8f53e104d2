import { DAYS, type Day, type Schedule, type Service } from '@c2c/schema';
import type { DirectoryKey } from '../strings.js';

/** What schedule-text needs from a LocalizeController: message lookup only, so it can be tested alone. */
export interface Translate {
  t(key: DirectoryKey, values?: Record<string, string | number>): string;
}

/** `HH:MM` as people say it: "9:30am", "2pm" in English, "9:30yb", "2yp" in Welsh, "midday". */
export function timeText(hhmm: string, l: Translate): string {
  const h = Number(hhmm.slice(0, 2));
  const m = hhmm.slice(3, 5);
  if (h === 12 && m === '00') return l.t('time_noon');
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return l.t(h < 12 ? 'time_am' : 'time_pm', { h: h12, m });
}

/** Joins a list the way the language does ("Mondays, Tuesdays and Fridays"), without Intl's "a(c)" in Welsh. */
export function joinList(items: string[], l: Translate): string {
  if (items.length <= 1) return items[0] ?? '';
  return l.t('list_and', { first: items.slice(0, -1).join(', '), last: items[items.length - 1]! });
}

function daysText(byDay: Day[], l: Translate): string {
  const days = DAYS.filter((d) => byDay.includes(d));
  if (days.length === 5 && !days.includes('SA') && !days.includes('SU')) return l.t('sched_weekdays');
  return l.t('days_every', {
    list: joinList(
      days.map((d) => l.t(`days_${d}` as DirectoryKey)),
      l,
    ),
  });
}

/** `s` with its first letter in capitals (a day's name at the start of a sentence or a list). */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A schedule as people say it: "Tuesdays, 9:30am to 11:30am, term time only";
 * "Bob dydd Mawrth, 9:30yb tan 11:30yb, yn ystod y tymor yn unig". Returns the feed's own description
 * when the schedule has no days to describe.
 */
export function scheduleText(s: Schedule, l: Translate): string {
  if (s.byDay.length === 0) return s.description ?? '';
  const days = daysText(s.byDay, l);
  const timed = s.opensAt && s.closesAt;
  const key: DirectoryKey =
    s.freq === 'MONTHLY'
      ? timed
        ? 'sched_monthly'
        : 'sched_monthly_allday'
      : timed
        ? 'sched_weekly'
        : 'sched_weekly_allday';
  let text = l.t(key, { days, from: timed ? timeText(s.opensAt!, l) : '', to: timed ? timeText(s.closesAt!, l) : '' });
  if (s.termTimeOnly) text = l.t('sched_term', { text });
  return capitalise(text);
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const SHORT: Record<string, Day> = { Mon: 'MO', Tue: 'TU', Wed: 'WE', Thu: 'TH', Fri: 'FR', Sat: 'SA', Sun: 'SU' };

/** The day, time and date now in the UK, where every service in a UK directory runs. */
export function ukNow(now: Date): { day: Day; time: string; date: string } {
  const p = Object.fromEntries(londonParts.formatToParts(now).map((x) => [x.type, x.value]));
  return { day: SHORT[p.weekday!]!, time: `${p.hour}:${p.minute}`, date: `${p.year}-${p.month}-${p.day}` };
}

export interface NextOpening {
  /** 0 today, 1 tomorrow, up to 7: the same day next week, when today's session was the only one and has ended. */
  inDays: number;
  day: Day;
  opensAt?: string;
  closesAt?: string;
}

/**
 * The next weekly session that has not finished yet, looking a week ahead, to the same day next week. Monthly
 * schedules cannot say which week, so they are skipped.
 */
export function nextOpening(service: Pick<Service, 'schedules'>, now: Date): NextOpening | undefined {
  const today = ukNow(now);
  const start = DAYS.indexOf(today.day);
  let best: NextOpening | undefined;
  for (const s of service.schedules) {
    if (s.freq !== 'WEEKLY' || s.byDay.length === 0) continue;
    if (s.validTo && s.validTo.slice(0, 10) < today.date) continue;
    // Up to 7: a service open on Tuesdays only is next open a week on from a Tuesday whose session has ended.
    for (let inDays = 0; inDays <= 7; inDays++) {
      const day = DAYS[(start + inDays) % 7]!;
      if (!s.byDay.includes(day)) continue;
      // A schedule that ends (or starts) within the week has no session on the days past (or before) it.
      const date = new Date(Date.parse(today.date) + inDays * 864e5).toISOString().slice(0, 10);
      if ((s.validTo && s.validTo.slice(0, 10) < date) || (s.validFrom && s.validFrom.slice(0, 10) > date)) continue;
      if (inDays === 0 && s.closesAt && s.closesAt <= today.time) continue;
      const candidate: NextOpening = {
        inDays,
        day,
        ...(s.opensAt ? { opensAt: s.opensAt } : {}),
        ...(s.closesAt ? { closesAt: s.closesAt } : {}),
      };
      if (!best || inDays < best.inDays || (inDays === best.inDays && (s.opensAt ?? '') < (best.opensAt ?? '')))
        best = candidate;
      break;
    }
  }
  return best;
}

/** "Next open: today, 9:30am to 11:30am" / "Ar agor nesaf: dydd Mawrth, 9:30yb tan 11:30yb". */
export function nextOpeningText(service: Pick<Service, 'schedules'>, now: Date, l: Translate): string | undefined {
  const next = nextOpening(service, now);
  if (!next) return undefined;
  const timed = next.opensAt && next.closesAt;
  const from = timed ? timeText(next.opensAt!, l) : '';
  const to = timed ? timeText(next.closesAt!, l) : '';
  let when: string;
  if (next.inDays === 0) when = timed ? l.t('next_today', { from, to }) : l.t('next_today_allday');
  else if (next.inDays === 1) when = timed ? l.t('next_tomorrow', { from, to }) : l.t('next_tomorrow_allday');
  // "Tuesday" said on a Tuesday would read as later today.
  else if (next.inDays === 7) when = timed ? l.t('next_week_today', { from, to }) : l.t('next_week_today_allday');
  else {
    const day = l.t(`day_${next.day}` as DirectoryKey);
    when = timed ? l.t('next_day', { day, from, to }) : day;
  }
  return l.t('next_open', { when });
}
