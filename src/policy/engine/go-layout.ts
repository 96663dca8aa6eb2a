// Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"), as time.format and time.parse_ns
// take them: a layout is split into literal text and elements of the reference time.

export const NAMED_LAYOUTS: Readonly<Record<string, string>> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
  Kitchen: '3:04PM',
  Stamp: 'Jan _2 15:04:05',
  StampMilli: 'Jan _2 15:04:05.000',
  StampMicro: 'Jan _2 15:04:05.000000',
  StampNano: 'Jan _2 15:04:05.000000000',
  DateTime: '2006-01-02 15:04:05',
  DateOnly: '2006-01-02',
  TimeOnly: '15:04:05',
};

export const layoutOf = (name: string): string => NAMED_LAYOUTS[name] ?? name;

/** One element of the reference time; `frac` elements carry their digit count. */
export type Elem =
  | 'January' | 'Jan' | '1' | '01' | 'Monday' | 'Mon' | '2' | '_2' | '02' | '__2' | '002'
  | '15' | '3' | '03' | '4' | '04' | '5' | '05' | '2006' | '06' | 'PM' | 'pm' | 'MST'
  | 'Z070000' | 'Z07:00:00' | 'Z0700' | 'Z07:00' | 'Z07' | '-070000' | '-07:00:00' | '-0700' | '-07:00' | '-07'
  | 'frac0' | 'frac9';

export interface Chunk {
  /** Literal text before the element. */
  lit: string;
  elem?: Elem;
  /** The element as written in the layout (for error messages). */
  text?: string;
  /** Digits of a fractional-second element. */
  digits?: number;
}

const ZONES: Elem[] = ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07', '-070000', '-07:00:00', '-0700', '-07:00', '-07'];
const isDigit = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/** The element starting at layout[i], if any. */
function elemAt(l: string, i: number): { elem: Elem; len: number; digits?: number; lit?: number } | undefined {
  const at = (s: string) => l.startsWith(s, i);
  switch (l[i]) {
    case 'J':
      if (at('January')) return { elem: 'January', len: 7 };
      if (at('Jan')) return { elem: 'Jan', len: 3 };
      break;
    case 'M':
      if (at('Monday')) return { elem: 'Monday', len: 6 };
      if (at('Mon')) return { elem: 'Mon', len: 3 };
      if (at('MST')) return { elem: 'MST', len: 3 };
      break;
    case '0':
      if (at('002')) return { elem: '002', len: 3 };
      if (l[i + 1] >= '1' && l[i + 1] <= '6') return { elem: (['01', '02', '03', '04', '05', '06'] as Elem[])[Number(l[i + 1]) - 1], len: 2 };
      break;
    case '1':
      return at('15') ? { elem: '15', len: 2 } : { elem: '1', len: 1 };
    case '2':
      return at('2006') ? { elem: '2006', len: 4 } : { elem: '2', len: 1 };
    case '_':
      if (at('_2006')) return { elem: '2006', len: 5, lit: 1 };
      if (at('__2')) return { elem: '__2', len: 3 };
      if (at('_2')) return { elem: '_2', len: 2 };
      break;
    case '3':
      return { elem: '3', len: 1 };
    case '4':
      return { elem: '4', len: 1 };
    case '5':
      return { elem: '5', len: 1 };
    case 'P':
      if (at('PM')) return { elem: 'PM', len: 2 };
      break;
    case 'p':
      if (at('pm')) return { elem: 'pm', len: 2 };
      break;
    case '-':
    case 'Z':
      for (const z of ZONES) if (z[0] === l[i] && at(z)) return { elem: z, len: z.length };
      break;
    case '.':
    case ',':
      if (l[i + 1] === '0' || l[i + 1] === '9') {
        let j = i + 1;
        while (l[j] === l[i + 1]) j++;
        if (!isDigit(l, j)) return { elem: l[i + 1] === '0' ? 'frac0' : 'frac9', len: j - i, digits: j - i - 1 };
      }
      break;
  }
  return undefined;
}

const chunkCache = new Map<string, Chunk[]>();

/** Splits a layout into literal text and elements; the last chunk may be literal only. */
export function chunks(layout: string): Chunk[] {
  let out = chunkCache.get(layout);
  if (out) return out;
  out = [];
  let lit = '';
  for (let i = 0; i < layout.length; ) {
    const e = elemAt(layout, i);
    if (!e) {
      lit += layout[i++];
      continue;
    }
    const skip = e.lit ?? 0;
    lit += layout.slice(i, i + skip);
    out.push({ lit, elem: e.elem, text: layout.slice(i + skip, i + e.len), digits: e.digits });
    lit = '';
    i += e.len;
  }
  if (lit !== '' || out.length === 0) out.push({ lit });
  if (chunkCache.size > 200) chunkCache.clear();
  chunkCache.set(layout, out);
  return out;
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const isZoneElem = (e: Elem | undefined): boolean => e !== undefined && ZONES.includes(e);
