// Nanosecond timestamps as civil time in a time zone. Zone offsets come from the ICU data Node
// carries (Intl.DateTimeFormat with timeZone), so IANA names work as in Go's time.LoadLocation.
import { HostBuiltinError } from './builtin-args.ts';

export const NS_PER_S = 1_000_000_000n;
export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

export interface Zone {
  name: string;
  /** Offset east of UTC in seconds at a unix time in seconds. */
  offset(unixSec: number): number;
  /** The zone's abbreviation at that time ("EST"), or a numeric one ("+0530") where it has none. */
  abbrev(unixSec: number): string;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  /** 0 is Sunday. */
  weekday: number;
  /** Day of the year, from 1. */
  yday: number;
  offset: number;
  abbrev: string;
}

export const floorDiv = (a: bigint, b: bigint): bigint => (a % b !== 0n && a < 0n !== b < 0n ? a / b - 1n : a / b);

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
export const daysIn = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

const UTC: Zone = { name: 'UTC', offset: () => 0, abbrev: () => 'UTC' };

function numericAbbrev(off: number): string {
  const a = Math.abs(off);
  const hh = String(Math.floor(a / 3600)).padStart(2, '0');
  const mm = Math.floor((a % 3600) / 60);
  return `${off < 0 ? '-' : '+'}${hh}${mm ? String(mm).padStart(2, '0') : ''}`;
}

function icuZone(name: string): Zone {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: name, hourCycle: 'h23', era: 'short',
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const short = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'short' });
  const offset = (unixSec: number): number => {
    const f: Record<string, string> = {};
    for (const p of parts.formatToParts(new Date(unixSec * 1000))) f[p.type] = p.value;
    const y = f.era === 'BC' || f.era === 'B' ? 1 - Number(f.year) : Number(f.year);
    const local = daysFromCivil(y, Number(f.month), Number(f.day)) * 86400 + Number(f.hour) * 3600 + Number(f.minute) * 60 + Number(f.second);
    return local - unixSec;
  };
  return {
    name,
    offset,
    abbrev: (unixSec) => {
      const n = short.formatToParts(new Date(unixSec * 1000)).find((p) => p.type === 'timeZoneName')?.value ?? '';
      return /^[A-Z]{3,5}$/.test(n) ? n : numericAbbrev(offset(unixSec));
    },
  };
}

const zones = new Map<string, Zone>();

/** A zone by name as OPA takes it: "" and "UTC" are UTC, "Local" the machine's zone, else IANA. */
export function loadZone(name: string): Zone {
  if (name === '' || name === 'UTC') return UTC;
  let z = zones.get(name);
  if (z) return z;
  const iana = name === 'Local' ? new Intl.DateTimeFormat().resolvedOptions().timeZone : name;
  if (iana === 'UTC' || iana === 'Etc/UTC') z = UTC;
  else {
    // Go accepts IANA names only; ICU would also take offsets like "+05:00".
    if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(iana)) throw new HostBuiltinError(`unknown time zone ${name}`);
    try {
      z = icuZone(iana);
    } catch {
      throw new HostBuiltinError(`unknown time zone ${name}`);
    }
  }
  zones.set(name, z);
  return z;
}

/** The civil time of ns in a zone. */
export function civil(ns: bigint, zone: Zone): Civil {
  const unixSec = floorDiv(ns, NS_PER_S);
  const nsec = Number(ns - unixSec * NS_PER_S);
  const s = Number(unixSec);
  const offset = zone.offset(s);
  const local = s + offset;
  const days = Math.floor(local / 86400);
  const sod = local - days * 86400;
  const [year, month, day] = civilFromDays(days);
  return {
    year, month, day,
    hour: Math.floor(sod / 3600), min: Math.floor((sod % 3600) / 60), sec: sod % 60, nsec,
    weekday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1) + 1,
    offset, abbrev: zone.abbrev(s),
  };
}

/** Unix ns of a civil time in a zone (Go's time.Date: the offset in force at that wall time). */
export function fromCivil(year: number, month: number, day: number, sod: number, nsec: number, zone: Zone): bigint {
  const local = daysFromCivil(year, month, day) * 86400 + sod;
  let off = zone.offset(local);
  // a second look settles wall times next to a transition
  off = zone.offset(local - off);
  return BigInt(local - off) * NS_PER_S + BigInt(nsec);
}

export function checkRange(ns: bigint): bigint {
  if (ns < INT64_MIN || ns > INT64_MAX) throw new HostBuiltinError('time outside of valid range');
  return ns;
}
