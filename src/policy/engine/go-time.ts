// Go's Time.Format and time.Parse over reference-time layouts, with Go's error messages.
import { HostBuiltinError } from './builtin-args.ts';
import { checkRange, daysFromCivil, daysIn, NS_PER_S, type Civil } from './civil-time.ts';
import { chunks, DAYS, isZoneElem, MONTHS, type Elem } from './go-layout.ts';

const pad = (n: number, w: number) => (n < 0 ? '-' + String(-n).padStart(w, '0') : String(n).padStart(w, '0'));

function zoneText(elem: Elem, off: number): string {
  if (elem[0] === 'Z' && off === 0) return 'Z';
  const a = Math.abs(off);
  const hh = pad(Math.floor(a / 3600), 2);
  const mm = pad(Math.floor((a % 3600) / 60), 2);
  const ss = pad(a % 60, 2);
  const sign = off < 0 ? '-' : '+';
  const form = elem.slice(1);
  if (form === '07') return sign + hh;
  if (form === '0700') return sign + hh + mm;
  if (form === '07:00') return `${sign}${hh}:${mm}`;
  if (form === '070000') return sign + hh + mm + ss;
  return `${sign}${hh}:${mm}:${ss}`;
}

/** Go's Time.Format. */
export function formatTime(t: Civil, layout: string): string {
  let out = '';
  for (const c of chunks(layout)) {
    out += c.lit;
    if (!c.elem) continue;
    const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
    switch (c.elem) {
      case 'January': out += MONTHS[t.month - 1]; break;
      case 'Jan': out += MONTHS[t.month - 1].slice(0, 3); break;
      case '1': out += t.month; break;
      case '01': out += pad(t.month, 2); break;
      case 'Monday': out += DAYS[t.weekday]; break;
      case 'Mon': out += DAYS[t.weekday].slice(0, 3); break;
      case '2': out += t.day; break;
      case '_2': out += String(t.day).padStart(2, ' '); break;
      case '02': out += pad(t.day, 2); break;
      case '__2': out += String(t.yday).padStart(3, ' '); break;
      case '002': out += pad(t.yday, 3); break;
      case '15': out += pad(t.hour, 2); break;
      case '3': out += h12; break;
      case '03': out += pad(h12, 2); break;
      case '4': out += t.min; break;
      case '04': out += pad(t.min, 2); break;
      case '5': out += t.sec; break;
      case '05': out += pad(t.sec, 2); break;
      case '2006': out += pad(t.year, 4); break;
      case '06': out += pad(Math.abs(t.year) % 100, 2); break;
      case 'PM': out += t.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += t.hour >= 12 ? 'pm' : 'am'; break;
      case 'MST': out += t.abbrev; break;
      case 'frac0':
      case 'frac9': {
        let digits = pad(t.nsec, 9).slice(0, c.digits);
        if (c.elem === 'frac9') digits = digits.replace(/0+$/, '');
        if (digits) out += c.text![0] + digits;
        break;
      }
      default: out += zoneText(c.elem, t.offset);
    }
  }
  return out;
}

class ParseFail extends Error {
  readonly rest: string;
  readonly elem: string;
  constructor(rest: string, elem: string) {
    super('cannot parse');
    this.rest = rest;
    this.elem = elem;
  }
}

const q = (s: string) => JSON.stringify(s);
const isDigit = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/** Go's skip: literal text, where a space matches any run of spaces. */
function skip(value: string, lit: string): string {
  while (lit.length > 0) {
    if (lit[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new ParseFail(value, lit);
      lit = lit.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== lit[0]) throw new ParseFail(value, lit);
    lit = lit.slice(1);
    value = value.slice(1);
  }
  return value;
}

/** Go's time.Parse: unix nanoseconds of value read with layout. */
export function parseTime(layout: string, value: string): bigint {
  const all = value;
  let year = 0, month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0, nsec = 0;
  let pm = false, am = false, zone: number | undefined;
  let range = '';
  const list = chunks(layout);
  try {
    for (let k = 0; k < list.length; k++) {
      const c = list[k];
      value = skip(value, c.lit);
      if (!c.elem) continue;
      const bad = () => new ParseFail(value, c.text!);
      const num = (fixed: boolean, width = 2): number => {
        if (!isDigit(value, 0)) throw bad();
        let n = 1;
        while (n < width && isDigit(value, n)) n++;
        if (fixed && n < width) throw bad();
        const v = Number(value.slice(0, n));
        value = value.slice(n);
        return v;
      };
      const name = (names: string[]): number => {
        const i = names.findIndex((n) => value.length >= n.length && value.slice(0, n.length).toLowerCase() === n.toLowerCase());
        if (i < 0) throw bad();
        value = value.slice(names[i].length);
        return i;
      };
      const e = c.elem;
      if (e === '2006') {
        if (value.length < 4 || !/^\d{4}/.test(value)) throw bad();
        year = Number(value.slice(0, 4));
        value = value.slice(4);
      } else if (e === '06') {
        if (!/^\d\d/.test(value)) throw bad();
        year = Number(value.slice(0, 2));
        year += year >= 69 ? 1900 : 2000;
        value = value.slice(2);
      } else if (e === 'January') month = name(MONTHS) + 1;
      else if (e === 'Jan') month = name(MONTHS.map((m) => m.slice(0, 3))) + 1;
      else if (e === '1' || e === '01') {
        month = num(e === '01');
        if (month < 1 || month > 12) range ||= 'month';
      } else if (e === 'Monday') name(DAYS);
      else if (e === 'Mon') name(DAYS.map((d) => d.slice(0, 3)));
      else if (e === '2' || e === '_2' || e === '02') {
        if (e === '_2' && value[0] === ' ') value = value.slice(1);
        day = num(e === '02');
      } else if (e === '__2' || e === '002') {
        if (e === '__2') value = value.replace(/^ {1,2}/, '');
        yday = num(e === '002', 3);
        if (yday < 1 || yday > 366) range ||= 'day-of-year';
      } else if (e === '15') {
        hour = num(false);
        if (hour > 23) range ||= 'hour';
      } else if (e === '3' || e === '03') {
        hour = num(e === '03');
        if (hour > 12) range ||= 'hour';
      } else if (e === '4' || e === '04') {
        min = num(e === '04');
        if (min > 59) range ||= 'minute';
      } else if (e === '5' || e === '05') {
        sec = num(e === '05');
        if (sec > 59) range ||= 'second';
        // fractional seconds the layout does not name are read all the same
        const next = list[k + 1];
        if (/^[.,]\d/.test(value) && !(next && next.lit === '' && (next.elem === 'frac0' || next.elem === 'frac9'))) {
          let n = 1;
          while (isDigit(value, n)) n++;
          nsec = Number(value.slice(1, Math.min(n, 10)).padEnd(9, '0'));
          value = value.slice(n);
        }
      } else if (e === 'PM' || e === 'pm') {
        const p = value.slice(0, 2);
        if (p === (e === 'PM' ? 'PM' : 'pm')) pm = true;
        else if (p === (e === 'PM' ? 'AM' : 'am')) am = true;
        else throw bad();
        value = value.slice(2);
      } else if (e === 'frac0') {
        const n = 1 + c.digits!;
        if (value.length < n || !/^[.,]/.test(value) || !/^\d+$/.test(value.slice(1, n))) throw bad();
        nsec = Number(value.slice(1, Math.min(n, 10)).padEnd(9, '0'));
        value = value.slice(n);
      } else if (e === 'frac9') {
        if (/^[.,]\d/.test(value)) {
          let n = 1;
          while (isDigit(value, n)) n++;
          nsec = Number(value.slice(1, Math.min(n, 10)).padEnd(9, '0'));
          value = value.slice(n);
        }
      } else if (e === 'MST') {
        const m = /^(UTC|GMT[+-]\d{1,2}|[A-Z]{3,5}|ChST|MeST)/.exec(value);
        if (!m) throw bad();
        zone = m[1].startsWith('GMT') && m[1].length > 3 ? Number(m[1].slice(3)) * 3600 : 0;
        value = value.slice(m[1].length);
      } else if (isZoneElem(e)) {
        if (e[0] === 'Z' && value[0] === 'Z') {
          value = value.slice(1);
          zone = 0;
          continue;
        }
        const form = e.slice(1);
        const re = { '07': /^([+-])(\d\d)/, '0700': /^([+-])(\d\d)(\d\d)/, '07:00': /^([+-])(\d\d):(\d\d)/, '070000': /^([+-])(\d\d)(\d\d)(\d\d)/, '07:00:00': /^([+-])(\d\d):(\d\d):(\d\d)/ }[form]!;
        const m = re.exec(value);
        if (!m) throw bad();
        const [hh, mm, ss] = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
        if (hh > 24) range ||= 'time zone offset hour';
        if (mm > 60) range ||= 'time zone offset minute';
        if (ss > 60) range ||= 'time zone offset second';
        zone = (m[1] === '-' ? -1 : 1) * (hh * 3600 + mm * 60 + ss);
        value = value.slice(m[0].length);
      }
      if (range) throw new HostBuiltinError(`parsing time ${q(all)}: ${range} out of range`);
    }
  } catch (e) {
    if (e instanceof ParseFail) throw new HostBuiltinError(`parsing time ${q(all)} as ${q(layout)}: cannot parse ${q(e.rest)} as ${q(e.elem)}`);
    throw e;
  }
  if (value.length > 0) throw new HostBuiltinError(`parsing time ${q(all)}: extra text: ${q(value)}`);
  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  if (yday >= 0) {
    let m = 1;
    let d = yday;
    while (m < 12 && d > daysIn(year, m)) d -= daysIn(year, m++);
    if (d > daysIn(year, m) || (month >= 0 && month !== m) || (day >= 0 && day !== d)) {
      throw new HostBuiltinError(`parsing time ${q(all)}: day-of-year does not match ${month >= 0 && month !== m ? 'month' : 'day'}`);
    }
    month = m;
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(year, month)) throw new HostBuiltinError(`parsing time ${q(all)}: day out of range`);
  const secs = BigInt(daysFromCivil(year, month, day)) * 86400n + BigInt(hour * 3600 + min * 60 + sec - (zone ?? 0));
  return checkRange(secs * NS_PER_S + BigInt(nsec));
}
