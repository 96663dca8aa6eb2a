// time.* builtins that need time zones or Go layouts, and test.sleep, as host builtins.
// Operand 1 of date, clock, weekday, add_date, diff and format is ns or [ns, zone(, layout)];
// integers are read exactly (see exact-args.ts).
import { HostBuiltinError, HostTypeError, str, typeName, type HostBuiltin } from './builtin-args.ts';
import { checkRange, civil, INT64_MAX, INT64_MIN, daysIn, fromCivil, loadZone, type Civil, type Zone } from './civil-time.ts';
import { exactArg, exactInt } from './exact-args.ts';
import { DAYS, layoutOf } from './go-layout.ts';
import { formatTime, parseTime } from './go-time.ts';
import { queryCache } from './misc-builtins.ts';

const TZ_OPERAND = 'either number (ns) or [number (ns), string (tz)]';

interface ZonedTime {
  ns: bigint;
  zone: Zone;
  layout: string;
}

function nsOf(v: unknown, name: string): bigint {
  if (typeof v === 'bigint') {
    if (v < INT64_MIN || v > INT64_MAX) throw new HostBuiltinError(`${name}: timestamp too big`);
    return v;
  }
  if (typeof v !== 'number') throw new HostTypeError(`${name}: operand 1 must be number but got ${typeName(v)}`);
  if (!Number.isInteger(v) || v < -(2 ** 63) || v >= 2 ** 63) throw new HostBuiltinError(`${name}: timestamp too big`);
  return BigInt(v);
}

/** OPA's operand 1 of the zoned time builtins: ns, [ns, zone] or [ns, zone, layout]. */
function zonedTime(given: unknown, name: string, pos = 1): ZonedTime {
  const v = exactArg(pos, given);
  if (Array.isArray(v)) {
    if (v.length === 0) throw new HostTypeError(`${name}: operand 1 must be ${TZ_OPERAND} but got array`);
    const ns = nsOf(v[0], name);
    const zone = v.length > 1 ? loadZone(str(v[1], name, 1)) : loadZone('UTC');
    const layout = v.length > 2 ? layoutOf(str(v[2], name, 1)) : '';
    return { ns, zone, layout };
  }
  if (typeof v !== 'number' && typeof v !== 'bigint') throw new HostTypeError(`${name}: operand 1 must be ${TZ_OPERAND} but got ${typeName(v)}`);
  return { ns: nsOf(v, name), zone: loadZone('UTC'), layout: '' };
}

const civilOf = (v: unknown, name: string): Civil => {
  const t = zonedTime(v, name);
  return civil(t.ns, t.zone);
};

function intOperand(v: unknown, name: string, pos: number): number {
  if (typeof v !== 'number') throw new HostTypeError(`${name}: operand ${pos} must be number but got ${typeName(v)}`);
  if (!Number.isInteger(v)) throw new HostTypeError(`${name}: operand ${pos} must be integer number but got floating-point number`);
  return v;
}

/** Go's Time.AddDate: months and days overflow into the next unit, the wall clock is kept. */
function addDate(t: unknown, y: unknown, m: unknown, d: unknown): unknown {
  const name = 'time.add_date';
  const z = zonedTime(t, name);
  const years = intOperand(y, name, 2);
  const months = intOperand(m, name, 3);
  const days = intOperand(d, name, 4);
  if (Math.abs(years) > 1e6 || Math.abs(months) > 12e6 || Math.abs(days) > 365e6) throw new HostBuiltinError(`${name}: time outside of valid range`);
  const c = civil(z.ns, z.zone);
  const mm = c.month - 1 + months;
  const year = c.year + years + Math.floor(mm / 12);
  const month = (((mm % 12) + 12) % 12) + 1;
  // day overflow (Feb 30 -> Mar 1) normalises as in Go's time.Date: days count on from the 1st
  const ns = fromCivil(year, month, c.day + days, c.hour * 3600 + c.min * 60 + c.sec, c.nsec, z.zone);
  try {
    return exactInt(checkRange(ns));
  } catch (e) {
    throw new HostBuiltinError(`${name}: ${(e as Error).message}`);
  }
}

/** OPA's time.diff: [years, months, days, hours, minutes, seconds] between two times. */
function diff(a: unknown, b: unknown): unknown {
  const t1 = zonedTime(a, 'time.diff');
  const t2 = zonedTime(b, 'time.diff', 2);
  let [x, y] = [t1.ns, t2.ns];
  if (x > y) [x, y] = [y, x];
  const c1 = civil(x, t1.zone);
  const c2 = civil(y, t1.zone);
  let year = c2.year - c1.year;
  let month = c2.month - c1.month;
  let day = c2.day - c1.day;
  let hour = c2.hour - c1.hour;
  let min = c2.min - c1.min;
  let sec = c2.sec - c1.sec;
  if (sec < 0) [sec, min] = [sec + 60, min - 1];
  if (min < 0) [min, hour] = [min + 60, hour - 1];
  if (hour < 0) [hour, day] = [hour + 24, day - 1];
  if (day < 0) [day, month] = [day + daysIn(c1.year, c1.month), month - 1];
  if (month < 0) [month, year] = [month + 12, year - 1];
  return [year, month, day, hour, min, sec];
}

/** Blocks the thread, as OPA's test.sleep does; evaluation is synchronous. */
function sleep(d: unknown): unknown {
  const name = 'test.sleep';
  const ms = parseDurationNs(str(d, name, 1)) / 1e6;
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return null;
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

function parseDurationNs(s: string): number {
  const m = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (!m && s !== '0') throw new HostBuiltinError(`test.sleep: time: invalid duration "${s}"`);
  let total = 0;
  for (const [, n, , , u] of s.matchAll(/((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))/g)) total += Number(n) * UNITS[u];
  return s.startsWith('-') ? -total : total;
}

export const timeBuiltins: Record<string, HostBuiltin> = {
  // Constant within one evaluation, as OPA's.
  'time.now_ns': () => {
    if (!queryCache.has('time.now_ns')) queryCache.set('time.now_ns', exactInt(BigInt(Date.now()) * 1_000_000n));
    return queryCache.get('time.now_ns');
  },
  'time.parse_ns': (l, v) => {
    try {
      return exactInt(parseTime(layoutOf(str(l, 'time.parse_ns', 1)), str(v, 'time.parse_ns', 2)));
    } catch (e) {
      if (e instanceof HostBuiltinError && !(e instanceof HostTypeError)) throw new HostBuiltinError(`time.parse_ns: ${e.message}`);
      throw e;
    }
  },
  'time.format': (v) => {
    const t = zonedTime(v, 'time.format');
    return formatTime(civil(t.ns, t.zone), t.layout || layoutOf('RFC3339Nano'));
  },
  'time.date': (v) => {
    const c = civilOf(v, 'time.date');
    return [c.year, c.month, c.day];
  },
  'time.clock': (v) => {
    const c = civilOf(v, 'time.clock');
    return [c.hour, c.min, c.sec];
  },
  'time.weekday': (v) => DAYS[civilOf(v, 'time.weekday').weekday],
  'time.add_date': addDate,
  'time.diff': diff,
  'test.sleep': sleep,
};
