import { describe, expect, it } from 'vitest';
import { error, rule, value } from './rego-eval.ts';

const utcNs = (...parts: [number, number, number, number?, number?, number?]) => Date.UTC(...parts) * 1e6;

describe('time.parse_ns', () => {
  it('reads Go reference layouts and the named layouts', async () => {
    expect(await value('time.parse_ns("2006-01-02T15:04:05Z07:00", "2017-06-02T19:00:00-07:00")')).toBe(1496455200000000000);
    expect(await value(`time.parse_ns("01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700")`)).toBe(1496455200000000000);
    expect(await value('time.parse_ns("RFC822Z", "02 Jun 17 19:00 -0700")')).toBe(1496455200000000000);
    expect(await value('time.parse_ns("ANSIC", "Wed Feb  3 04:05:06 2021")')).toBe(utcNs(2021, 1, 3, 4, 5, 6));
    expect(await value('time.parse_ns("2006-01-02", "2020-02-29")')).toBe(utcNs(2020, 1, 29));
    expect(await value('time.parse_ns("January 2, 2006 3:04pm", "march 7, 2021 11:30am")')).toBe(utcNs(2021, 2, 7, 11, 30));
  });

  it('keeps every digit of the int64 range and fails outside it', async () => {
    expect(await value('format_int(time.parse_ns("RFC3339", "2262-04-11T23:47:16.854775807Z"), 10)')).toBe('9223372036854775807');
    expect(await value('format_int(time.parse_ns("RFC3339", "1677-09-21T00:12:43.145224192Z"), 10)')).toBe('-9223372036854775808');
    expect(await error('time.parse_ns("RFC3339", "2262-04-11T23:47:16.854775808Z")')).toBe('eval_builtin_error: time.parse_ns: time outside of valid range');
  });

  it("reports Go's parse errors", async () => {
    expect(await error('time.parse_ns("2006-01-02", "2020-02-30")')).toContain('time.parse_ns: parsing time "2020-02-30": day out of range');
    expect(await error('time.parse_ns("2006-01-02", "20-01-01")')).toContain('parsing time "20-01-01" as "2006-01-02": cannot parse "20-01-01" as "2006"');
    expect(await error('time.parse_ns("2006-01-02", "2020-01-01x")')).toContain('extra text: "x"');
    expect(await error('time.parse_ns(1, "x")')).toBe('eval_type_error: time.parse_ns: operand 1 must be string but got number');
  });
});

describe('time.format', () => {
  const ns = '1670006453141828752'; // as text: a JS number would round it
  it('formats in UTC by default, to the nanosecond', async () => {
    expect(await value(`time.format(${ns})`)).toBe('2022-12-02T18:40:53.141828752Z');
    expect(await value('time.format(0)')).toBe('1970-01-01T00:00:00Z');
  });

  it('formats in a named zone with a layout or a named layout', async () => {
    expect(await value(`time.format([${ns}, "Asia/Kolkata"])`)).toBe('2022-12-03T00:10:53.141828752+05:30');
    expect(await value(`time.format([${ns}, "Asia/Kolkata", "Mon Jan 02 15:04:05 -0700 2006"])`)).toBe('Sat Dec 03 00:10:53 +0530 2022');
    expect(await value(`time.format([${ns}, "Asia/Kolkata", "RFC1123Z"])`)).toBe('Sat, 03 Dec 2022 00:10:53 +0530');
    expect(await value(`time.format([${ns}, "America/New_York", "UnixDate"])`)).toBe('Fri Dec  2 13:40:53 EST 2022');
    expect(await value(`time.format([${ns}, "America/New_York", "Kitchen"])`)).toBe('1:40PM');
    expect(await value(`time.format([${ns}, "UTC", "StampMilli"])`)).toBe('Dec  2 18:40:53.141');
  });

  it('rejects unknown zones and timestamps beyond int64', async () => {
    expect(await error(`time.format([${ns}, "Mars/Olympus"])`)).toBe('eval_builtin_error: time.format: unknown time zone Mars/Olympus');
    expect(await error('time.format(input.t)', { t: 1e22 })).toBe('eval_builtin_error: time.format: timestamp too big');
  });
});

describe('time.date, time.clock and time.weekday', () => {
  it('read the civil time in UTC, exactly at day boundaries', async () => {
    expect(await value('time.date(1583020799999999999)')).toEqual([2020, 2, 29]);
    expect(await value('time.clock(1583020799999999999)')).toEqual([23, 59, 59]);
    expect(await value('time.date(-1)')).toEqual([1969, 12, 31]);
    expect(await value('time.weekday(1518350400000000000)')).toBe('Sunday');
  });

  it('read the civil time in IANA zones, with daylight saving time', async () => {
    expect(await value('time.date([1517814000000000000, "America/Los_Angeles"])')).toEqual([2018, 2, 4]);
    expect(await value('time.clock([1517814000000000000, "America/Los_Angeles"])')).toEqual([23, 0, 0]);
    expect(await value('time.weekday([1517814000000000000, "America/Los_Angeles"])')).toBe('Sunday');
    expect(await value('time.clock([1517832000000000000, "America/New_York"])')).toEqual([7, 0, 0]);
    expect(await value('time.clock([1720000000000000000, "America/New_York"])')).toEqual([5, 46, 40]);
    expect(await value('time.clock([1720000000000000000, ""])')).toEqual([9, 46, 40]);
  });

  it('read "Local" as the machine zone', async () => {
    const t = Date.UTC(2024, 6, 3, 9, 46, 40);
    const local = new Date(t);
    expect(await value(`time.clock([${t * 1e6}, "Local"])`)).toEqual([local.getHours(), local.getMinutes(), local.getSeconds()]);
  });

  it('reject bad operands', async () => {
    expect(await error('time.date("x")')).toBe('eval_type_error: time.date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string');
    expect(await error('time.weekday([0, "Nowhere/Land"])')).toBe('eval_builtin_error: time.weekday: unknown time zone Nowhere/Land');
  });
});

describe('time.add_date and time.diff', () => {
  it('adds dates keeping the wall clock, in UTC or a zone', async () => {
    expect(await value('time.add_date(1585852421593912000, 3, 9, 12)')).toBe(1705257221593912000);
    expect(await value('time.format(time.add_date(time.parse_ns("DateOnly", "2021-01-31"), 0, 1, 0))')).toBe('2021-03-03T00:00:00Z');
    // 2024-03-09 12:00 EST plus one day is 2024-03-10 12:00 EDT: 23 hours later
    const t = utcNs(2024, 2, 9, 17);
    expect(await value(`time.add_date([${t}, "America/New_York"], 0, 0, 1) - ${t}`)).toBe(23 * 3600 * 1e9);
    expect(await error('time.add_date(0, 2262, 1, 1)')).toBe('eval_builtin_error: time.add_date: time outside of valid range');
  });

  it('gives the difference as years, months, days, hours, minutes and seconds', async () => {
    expect(await value('time.diff(time.parse_ns("DateOnly", "2020-02-02"), time.parse_ns("DateOnly", "2020-03-01"))')).toEqual([0, 0, 28, 0, 0, 0]);
    expect(await value('time.diff(time.parse_ns("DateOnly", "2005-03-01"), time.parse_ns("DateOnly", "2004-02-29"))')).toEqual([1, 0, 1, 0, 0, 0]);
    expect(await value('time.diff([3600000000000, "UTC"], [0, "Asia/Shanghai"])')).toEqual([0, 0, 0, 1, 0, 0]);
  });
});

describe('time.now_ns and test.sleep', () => {
  it('keeps now constant within one evaluation across a sleep', async () => {
    expect(await rule('r if {\n  t0 := time.now_ns()\n  test.sleep("5ms")\n  t0 == time.now_ns()\n}')).toBe(true);
    expect(await error('test.sleep("soon")')).toContain('test.sleep: time: invalid duration "soon"');
  });
});
