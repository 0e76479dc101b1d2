import { describe, expect, it } from 'vitest';
import { chooseTier, DEFAULT_ROTATION, type RotationRules } from '../../src/retention.js';

const at = (iso: string) => new Date(iso);

describe('chooseTier', () => {
  it('keeps a fixed tier', () => {
    expect(chooseTier('manual', at('2026-03-01T00:00:00Z'))).toBe('manual');
    expect(chooseTier('daily', at('2026-03-01T00:00:00Z'))).toBe('daily');
  });

  it.each([
    ['2026-12-01T03:00:00Z', 'monthly'], // a Tuesday, the 1st
    ['2026-11-29T03:00:00Z', 'weekly'], // a Sunday
    ['2026-12-02T03:00:00Z', 'daily'],
    ['2026-11-01T03:00:00Z', 'monthly'], // the 1st and a Sunday: monthly wins
    ['2027-01-01T00:00:00Z', 'monthly'], // new year
    ['2026-12-31T23:59:59Z', 'daily'], // the last second of the year
    ['2028-02-29T12:00:00Z', 'daily'], // a leap day (a Tuesday)
    ['2028-03-01T00:00:00Z', 'monthly'], // the day after a leap day
  ])('auto at %s (UTC) → %s', (iso, tier) => {
    expect(chooseTier('auto', at(iso))).toBe(tier);
  });

  it('judges the day in the configured time zone, across midnight', () => {
    const tokyo: RotationRules = { ...DEFAULT_ROTATION, timeZone: 'Asia/Tokyo' };
    // 2026-11-30T16:00Z is already 1 December in Tokyo.
    expect(chooseTier('auto', at('2026-11-30T16:00:00Z'), tokyo)).toBe('monthly');
    expect(chooseTier('auto', at('2026-11-30T14:59:59Z'), tokyo)).toBe('daily');
    const la: RotationRules = { ...DEFAULT_ROTATION, timeZone: 'America/Los_Angeles' };
    // 2026-12-01T05:00Z is still 30 November in Los Angeles.
    expect(chooseTier('auto', at('2026-12-01T05:00:00Z'), la)).toBe('daily');
  });

  it('is right on the days clocks change (DST)', () => {
    const berlin: RotationRules = { ...DEFAULT_ROTATION, timeZone: 'Europe/Berlin' };
    // Sunday 29 March 2026, clocks jump 02:00 → 03:00; Sunday 25 October 2026 they fall back.
    expect(chooseTier('auto', at('2026-03-28T23:30:00Z'), berlin)).toBe('weekly'); // 00:30 CET Sunday
    expect(chooseTier('auto', at('2026-03-29T21:59:59Z'), berlin)).toBe('weekly'); // 23:59:59 CEST Sunday
    expect(chooseTier('auto', at('2026-03-29T22:00:00Z'), berlin)).toBe('daily'); // Monday 00:00 CEST
    expect(chooseTier('auto', at('2026-10-25T22:59:59Z'), berlin)).toBe('weekly'); // 23:59:59 CET Sunday
    expect(chooseTier('auto', at('2026-10-25T23:00:00Z'), berlin)).toBe('daily');
  });

  it('takes another weekly day and monthly day', () => {
    const rules: RotationRules = { timeZone: 'UTC', weeklyDay: 'friday', monthlyDay: 15 };
    expect(chooseTier('auto', at('2026-12-04T10:00:00Z'), rules)).toBe('weekly'); // a Friday
    expect(chooseTier('auto', at('2026-12-15T10:00:00Z'), rules)).toBe('monthly');
    expect(chooseTier('auto', at('2026-12-06T10:00:00Z'), rules)).toBe('daily'); // a Sunday, not the weekly day
  });
});
