// units.parse and units.parse_bytes with OPA's semantics: quotes stripped, no spaces, an optional
// decimal exponent, SI and IEC suffixes; results are exact (integers beyond 2^53 and decimals
// are handed back as raw JSON number text, so nothing is rounded through a double).

/** Thrown with OPA's message; the caller maps it to eval_builtin_error. */
export class UnitsError extends Error {}

const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

const P10 = (n: number) => 10n ** BigInt(n);
const P2 = (n: number) => 2n ** BigInt(n);
const SI = ['k', 'm', 'g', 't', 'p', 'e'];

/** Splits "12.5e3Mi" into "12.5e3" and "Mi": an `e` is part of the number only before a digit or sign. */
function splitNumber(s: string): [string, string] {
  let i = 0;
  if (s[i] === '-' || s[i] === '+') i++;
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || c === '.') continue;
    if ((c === 'e' || c === 'E') && i + 1 < s.length) {
      const n = s[i + 1];
      const d = n === '+' || n === '-' ? s[i + 2] : n;
      if (d !== undefined && d >= '0' && d <= '9') {
        i += n === '+' || n === '-' ? 1 : 0;
        continue;
      }
    }
    break;
  }
  const num = s.slice(0, i);
  return [/[0-9]/.test(num) ? num : '', s.slice(i)];
}

/** A decimal as mantissa × 10^-scale. */
interface Decimal {
  mant: bigint;
  scale: number;
}

function parseDecimal(num: string, name: string, what: string): Decimal {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(num);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new UnitsError(`${name}: could not parse ${what} to a number`);
  const exp = m[4] ? Number(m[4]) : 0;
  if (Math.abs(exp) > 1000) throw new UnitsError(`${name}: exponent too large`);
  const frac = m[3] ?? '';
  let mant = BigInt(`${m[2] || '0'}${frac}`);
  if (m[1] === '-') mant = -mant;
  let scale = frac.length - exp;
  if (scale < 0) {
    mant *= P10(-scale);
    scale = 0;
  }
  return { mant, scale };
}

/** Exact decimal text of mant × 10^-scale, as a JSON number. */
function decimalJson(d: Decimal): unknown {
  const neg = d.mant < 0n;
  let digits = (neg ? -d.mant : d.mant).toString();
  if (d.scale > 0) {
    digits = digits.padStart(d.scale + 1, '0');
    const int = digits.slice(0, digits.length - d.scale);
    const frac = digits.slice(digits.length - d.scale).replace(/0+$/, '');
    digits = frac ? `${int}.${frac}` : int;
  }
  if (digits === '0') return 0;
  const text = `${neg ? '-' : ''}${digits}`;
  const n = Number(text);
  if (digits.includes('.')) return String(n) === text ? n : rawJSON(text);
  return Number.isSafeInteger(n) ? n : rawJSON(text);
}

function checkText(v: string, name: string): string {
  const s = v.replace(/"/g, '');
  if (s.includes(' ')) throw new UnitsError(`${name}: spaces not allowed in resource strings`);
  return s;
}

/** units.parse: first letter of the unit is case sensitive (m = milli, M = mega), the rest is not. */
export function parseUnits(v: string): unknown {
  const name = 'units.parse';
  const [num, rawUnit] = splitNumber(checkText(v, name));
  if (!num) throw new UnitsError(`${name}: no amount provided`);
  const unit = rawUnit.length > 1 ? rawUnit[0] + rawUnit.slice(1).toLowerCase() : rawUnit;
  const d = parseDecimal(num, name, 'amount');
  if (unit === '') return decimalJson(d);
  if (unit === 'm') return decimalJson({ mant: d.mant, scale: d.scale + 3 });
  const base = unit[0].toLowerCase();
  const idx = SI.indexOf(base);
  if (idx < 0 || unit.length > 2 || (unit.length === 2 && unit[1] !== 'i')) {
    throw new UnitsError(`${name}: unit ${rawUnit} not recognized`);
  }
  const mult = unit.length === 2 ? P2(10 * (idx + 1)) : P10(3 * (idx + 1));
  return decimalJson({ mant: d.mant * mult, scale: d.scale });
}

/** units.parse_bytes: case insensitive, optional trailing `b`; the result is truncated to an integer. */
export function parseBytes(v: string): unknown {
  const name = 'units.parse_bytes';
  const [num, rawUnit] = splitNumber(checkText(v, name).toLowerCase());
  if (!num) throw new UnitsError(`${name}: no byte amount provided`);
  const unit = rawUnit.endsWith('b') ? rawUnit.slice(0, -1) : rawUnit;
  let mult = 1n;
  if (unit !== '') {
    const idx = SI.indexOf(unit[0]);
    if (idx < 0 || unit.length > 2 || (unit.length === 2 && unit[1] !== 'i')) throw new UnitsError(`${name}: byte unit ${rawUnit} not recognized`);
    mult = unit.length === 2 ? P2(10 * (idx + 1)) : P10(3 * (idx + 1));
  }
  const d = parseDecimal(num, name, 'byte amount');
  return decimalJson({ mant: (d.mant * mult) / P10(d.scale), scale: 0 });
}
