import { describe, expect, it } from 'vitest';
import { addDuration, parseDuration } from '../../src/retention.js';

describe('parseDuration', () => {
  it.each([
    ['7d', 7, 'd'],
    ['5w', 5, 'w'],
    ['12mo', 12, 'mo'],
    ['1y', 1, 'y'],
    ['36h', 36, 'h'],
    ['90min', 90, 'min'],
    [' 30D ', 30, 'd'],
  ])('%j', (raw, amount, unit) => {
    expect(parseDuration(raw)).toEqual({ text: `${amount}${unit}`, amount, unit });
  });

  it.each([
    ['0d', 'at least 1'],
    ['-1w', 'expected'],
    ['7x', 'unknown unit "x"'],
    ['5m', 'ambiguous'],
    ['P1Y', 'expected'],
    ['1.5d', 'expected'],
    ['', 'expected'],
    ['5000d', 'implausibly large'],
  ])('rejects %j', (raw, problem) => {
    const result = parseDuration(raw);
    expect(result).toHaveProperty('problem');
    expect((result as { problem: string }).problem).toContain(problem);
  });
});

describe('addDuration', () => {
  const at = (iso: string) => new Date(iso);
  const plus = (iso: string, text: string) => {
    const duration = parseDuration(text);
    if ('problem' in duration) throw new Error(duration.problem);
    return addDuration(at(iso), duration).toISOString();
  };

  it('adds days and weeks exactly', () => {
    expect(plus('2026-12-30T23:00:00.000Z', '7d')).toBe('2027-01-06T23:00:00.000Z');
    expect(plus('2026-03-01T00:00:00.000Z', '5w')).toBe('2026-04-05T00:00:00.000Z');
  });

  it('adds calendar months, clamping to the month end', () => {
    expect(plus('2027-01-31T02:00:00.000Z', '1mo')).toBe('2027-02-28T02:00:00.000Z');
    expect(plus('2028-01-31T02:00:00.000Z', '1mo')).toBe('2028-02-29T02:00:00.000Z');
    expect(plus('2026-05-15T00:00:00.000Z', '12mo')).toBe('2027-05-15T00:00:00.000Z');
  });

  it('adds calendar years from a leap day', () => {
    expect(plus('2028-02-29T12:00:00.000Z', '1y')).toBe('2029-02-28T12:00:00.000Z');
  });
});
