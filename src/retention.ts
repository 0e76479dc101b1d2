/** Pure: backup tiers, the tier `auto` picks, retention durations and the expiry they give. */
import { DateTime, IANAZone, type DurationLikeObject } from 'luxon';

export const TIERS = ['daily', 'weekly', 'monthly', 'manual'] as const;
export type Tier = (typeof TIERS)[number];
/** What the `tier` input accepts: a tier, or `auto` for a grandfather-father-son rotation. */
export const TIER_CHOICES = [...TIERS, 'auto'] as const;
export type TierChoice = (typeof TIER_CHOICES)[number];

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface RotationRules {
  /** IANA time zone in which "the first of the month" and "Sunday" are judged. */
  timeZone: string;
  weeklyDay: Weekday;
  /** Day of the month for the monthly backup, 1–28 so that every month has it. */
  monthlyDay: number;
}

export const DEFAULT_ROTATION: RotationRules = { timeZone: 'UTC', weeklyDay: 'sunday', monthlyDay: 1 };

export function isTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/**
 * The tier of a backup made at `at`: a fixed choice as is; `auto` gives monthly on the monthly day,
 * weekly on the weekly day, daily otherwise (monthly wins when both fall on one date), in the rules'
 * time zone — so one daily schedule yields the whole rotation.
 */
export function chooseTier(choice: TierChoice, at: Date, rules: RotationRules = DEFAULT_ROTATION): Tier {
  if (choice !== 'auto') return choice;
  const local = DateTime.fromJSDate(at, { zone: rules.timeZone });
  if (local.day === rules.monthlyDay) return 'monthly';
  if (local.weekday === WEEKDAYS.indexOf(rules.weeklyDay) + 1) return 'weekly';
  return 'daily';
}

/** How long a backup of each tier is kept unless `retention` says otherwise. */
export const DEFAULT_RETENTION: Record<Tier, string> = {
  daily: '7d',
  weekly: '5w',
  monthly: '12mo',
  manual: '30d',
};

const UNITS = {
  min: 'minutes',
  h: 'hours',
  d: 'days',
  w: 'weeks',
  mo: 'months',
  y: 'years',
} as const satisfies Record<string, keyof DurationLikeObject>;
type Unit = keyof typeof UNITS;

export interface RetentionDuration {
  /** As written, normalized: "12mo". */
  text: string;
  amount: number;
  unit: Unit;
}

export const DURATION_FORMAT = 'a whole number and a unit: min, h, d, w, mo or y (e.g. 7d, 5w, 12mo, 1y)';

/**
 * Parses "7d", "5w", "12mo", "1y", "36h", "90min". Returns an explanation instead when the text is not a
 * positive whole amount of one known unit. A bare "m" is refused: it could mean minutes or months.
 */
export function parseDuration(raw: string): RetentionDuration | { problem: string } {
  const text = raw.trim().toLowerCase();
  const match = /^(\d+)\s*([a-z]+)$/.exec(text);
  if (!match) return { problem: `expected ${DURATION_FORMAT}` };
  const [, digits = '', unit = ''] = match;
  if (unit === 'm')
    return { problem: 'the unit "m" is ambiguous: write "mo" for months or "min" for minutes' };
  if (!(unit in UNITS)) return { problem: `unknown unit "${unit}": expected ${DURATION_FORMAT}` };
  const amount = Number(digits);
  if (!Number.isSafeInteger(amount) || amount <= 0) return { problem: 'the amount must be at least 1' };
  if (amount > 1000 && unit !== 'min' && unit !== 'h') return { problem: 'the amount is implausibly large' };
  return { text: `${amount}${unit}`, amount, unit: unit as Unit };
}

/**
 * Adds a duration in calendar terms, in UTC: months and years keep the day of month (clamped to the
 * month's last day: Jan 31 + 1mo = Feb 28/29).
 */
export function addDuration(from: Date, duration: RetentionDuration): Date {
  return DateTime.fromJSDate(from, { zone: 'utc' })
    .plus({ [UNITS[duration.unit]]: duration.amount })
    .toJSDate();
}

const FIXED_UNIT_MS: Partial<Record<Unit, number>> = {
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** The length of a duration in fixed units (min, h, d, w); undefined for months and years, which vary. */
export function fixedDurationMs(duration: RetentionDuration): number | undefined {
  const unitMs = FIXED_UNIT_MS[duration.unit];
  return unitMs === undefined ? undefined : duration.amount * unitMs;
}

/** "3d 4h", "26h 5min", "45min": an age for people, to the minute. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return rest > 0 ? `${hours}h ${rest}min` : `${hours}h`;
  return `${rest}min`;
}
