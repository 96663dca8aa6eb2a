// A small set of builtins for the IR interpreter, in plain JS. Enough for language tests;
// the product builtins live in the wasm runtime.
import { ObjectValue, SetValue, compare, equal, typeName, type Value } from './value.ts';

export class EvalError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

type Impl = (...args: Value[]) => Value | undefined;

function num(name: string, i: number, v: Value): number {
  if (typeof v !== 'number') throw new EvalError('eval_type_error', `${name}: operand ${i} must be number but got ${typeName(v)}`);
  return v;
}
function str(name: string, i: number, v: Value): string {
  if (typeof v !== 'string') throw new EvalError('eval_type_error', `${name}: operand ${i} must be string but got ${typeName(v)}`);
  return v;
}
function set(name: string, i: number, v: Value): SetValue {
  if (!(v instanceof SetValue)) throw new EvalError('eval_type_error', `${name}: operand ${i} must be set but got ${typeName(v)}`);
  return v;
}
function elems(name: string, v: Value): Value[] {
  if (Array.isArray(v)) return v;
  if (v instanceof SetValue) return v.sorted();
  if (v instanceof ObjectValue) return v.sorted().map((e) => e[1]);
  throw new EvalError('eval_type_error', `${name}: operand 1 must be one of {array, set} but got ${typeName(v)}`);
}

function arith(name: string, f: (a: number, b: number) => number): Impl {
  return (a, b) => f(num(name, 1, a), num(name, 2, b));
}

function setOp(name: string, keep: (inB: boolean) => boolean): Impl {
  return (a, b) => {
    const sa = set(name, 1, a);
    const sb = set(name, 2, b);
    const out = new SetValue();
    for (const v of sa.items.values()) if (keep(sb.has(v))) out.add(v);
    return out;
  };
}

export function formatValue(v: Value, top = true): string {
  if (typeof v === 'string') return top ? v : JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return '[' + v.map((x) => formatValue(x, false)).join(', ') + ']';
  if (v instanceof SetValue) return v.size === 0 ? 'set()' : '{' + v.sorted().map((x) => formatValue(x, false)).join(', ') + '}';
  return '{' + v.sorted().map(([k, x]) => `${formatValue(k, false)}: ${formatValue(x, false)}`).join(', ') + '}';
}

function sprintf(fmt: Value, args: Value): Value {
  const f = str('sprintf', 1, fmt);
  if (!Array.isArray(args)) throw new EvalError('eval_type_error', 'sprintf: operand 2 must be array');
  let i = 0;
  return f.replace(/%([-+# 0]*\d*(?:\.\d+)?)([vsdqfxXtbeEgG%])/g, (_m, _flags: string, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (a === undefined) return `%!${verb}(MISSING)`;
    if (verb === 'q') return JSON.stringify(formatValue(a));
    if (verb === 'd' && typeof a === 'number') return String(Math.trunc(a));
    return formatValue(a);
  });
}

function regex(name: string, pattern: Value): RegExp {
  try {
    return new RegExp(str(name, 1, pattern), 'u');
  } catch {
    throw new EvalError('eval_builtin_error', `${name}: error parsing regexp: ${String(pattern)}`);
  }
}

function anyMatch(name: string, a: Value, b: Value, f: (s: string, p: string) => boolean): boolean {
  const xs = typeof a === 'string' ? [a] : elems(name, a).map((x) => str(name, 1, x));
  const ps = typeof b === 'string' ? [b] : elems(name, b).map((x) => str(name, 2, x));
  return xs.some((x) => ps.some((p) => f(x, p)));
}

function trimChars(s: string, cut: string, left: boolean, right: boolean): string {
  const chars = new Set([...cut]);
  const cs = [...s];
  let i = 0;
  let j = cs.length;
  while (left && i < j && chars.has(cs[i]!)) i++;
  while (right && j > i && chars.has(cs[j - 1]!)) j--;
  return cs.slice(i, j).join('');
}

export const builtinImpls: Record<string, Impl> = {
  'internal.template_string': (parts) =>
    (parts as Value[])
      .map((p) => {
        if (typeof p === 'string') return p;
        const vals = set('internal.template_string', 1, p);
        if (vals.size === 0) return '<undefined>';
        if (vals.size > 1) throw new EvalError('eval_conflict_error', 'template-strings must not produce multiple outputs');
        return formatValue(vals.sorted()[0]!);
      })
      .join(''),
  'regex.match': (p, s) => regex('regex.match', p).test(str('regex.match', 2, s)),
  re_match: (p, s) => regex('re_match', p).test(str('re_match', 2, s)),
  'strings.any_prefix_match': (a, b) => anyMatch('strings.any_prefix_match', a, b, (x, p) => x.startsWith(p)),
  'strings.any_suffix_match': (a, b) => anyMatch('strings.any_suffix_match', a, b, (x, p) => x.endsWith(p)),
  trim: (a, b) => trimChars(str('trim', 1, a), str('trim', 2, b), true, true),
  trim_left: (a, b) => trimChars(str('trim_left', 1, a), str('trim_left', 2, b), true, false),
  trim_right: (a, b) => trimChars(str('trim_right', 1, a), str('trim_right', 2, b), false, true),
  floor: (a) => Math.floor(num('floor', 1, a)),
  ceil: (a) => Math.ceil(num('ceil', 1, a)),
  round: (a) => Math.round(num('round', 1, a)),
  'array.slice': (a, b, c) => (a as Value[]).slice(Math.max(0, num('array.slice', 2, b)), num('array.slice', 3, c)),
  'object.union': (a, b) => {
    const out = (a as ObjectValue).copy();
    for (const [k, v] of (b as ObjectValue).entries.values()) out.set(k, v);
    return out;
  },
  intersection: (a) => {
    const sets = [...set('intersection', 1, a).items.values()].map((x) => set('intersection', 1, x));
    const out = new SetValue();
    if (sets.length === 0) return out;
    for (const v of sets[0]!.items.values()) if (sets.every((s2) => s2.has(v))) out.add(v);
    return out;
  },
  equal: (a, b) => equal(a, b),
  neq: (a, b) => !equal(a, b),
  lt: (a, b) => compare(a, b) < 0,
  lte: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  gte: (a, b) => compare(a, b) >= 0,
  plus: arith('plus', (a, b) => a + b),
  minus: (a, b) => {
    if (a instanceof SetValue || b instanceof SetValue) return setOp('minus', (inB) => !inB)(a, b);
    return num('minus', 1, a) - num('minus', 2, b);
  },
  mul: arith('mul', (a, b) => a * b),
  div: (a, b) => {
    const x = num('div', 1, a);
    const y = num('div', 2, b);
    if (y === 0) throw new EvalError('eval_builtin_error', 'div: divide by zero');
    return x / y;
  },
  rem: (a, b) => {
    const x = num('rem', 1, a);
    const y = num('rem', 2, b);
    if (y === 0) throw new EvalError('eval_builtin_error', 'rem: modulo by zero');
    if (!Number.isInteger(x) || !Number.isInteger(y)) throw new EvalError('eval_builtin_error', 'rem: modulo on floating-point number');
    return x % y;
  },
  abs: (a) => Math.abs(num('abs', 1, a)),
  and: setOp('and', (inB) => inB),
  or: (a, b) => {
    const out = set('or', 1, a).copy();
    for (const v of set('or', 2, b).items.values()) out.add(v);
    return out;
  },
  count: (a) => {
    if (typeof a === 'string') return [...a].length;
    if (Array.isArray(a)) return a.length;
    if (a instanceof ObjectValue || a instanceof SetValue) return a.size;
    throw new EvalError('eval_type_error', `count: operand 1 must be one of {array, object, set, string} but got ${typeName(a)}`);
  },
  sum: (a) => elems('sum', a).reduce<number>((s, x) => s + num('sum', 1, x), 0),
  product: (a) => elems('product', a).reduce<number>((s, x) => s * num('product', 1, x), 1),
  max: (a) => elems('max', a).reduce<Value | undefined>((m, x) => (m === undefined || compare(x, m) > 0 ? x : m), undefined),
  min: (a) => elems('min', a).reduce<Value | undefined>((m, x) => (m === undefined || compare(x, m) < 0 ? x : m), undefined),
  sort: (a) => [...elems('sort', a)].sort(compare),
  union: (a) => {
    const out = new SetValue();
    for (const s of set('union', 1, a).items.values()) for (const v of set('union', 1, s).items.values()) out.add(v);
    return out;
  },
  concat: (sep, a) => elems('concat', a).map((x) => str('concat', 2, x)).join(str('concat', 1, sep)),
  startswith: (a, b) => str('startswith', 1, a).startsWith(str('startswith', 2, b)),
  endswith: (a, b) => str('endswith', 1, a).endsWith(str('endswith', 2, b)),
  contains: (a, b) => str('contains', 1, a).includes(str('contains', 2, b)),
  lower: (a) => str('lower', 1, a).toLowerCase(),
  upper: (a) => str('upper', 1, a).toUpperCase(),
  split: (a, b) => str('split', 1, a).split(str('split', 2, b)),
  replace: (a, b, c) => str('replace', 1, a).split(str('replace', 2, b)).join(str('replace', 3, c)),
  trim_prefix: (a, b) => {
    const s = str('trim_prefix', 1, a);
    const p = str('trim_prefix', 2, b);
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  trim_suffix: (a, b) => {
    const s = str('trim_suffix', 1, a);
    const p = str('trim_suffix', 2, b);
    return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  },
  trim_space: (a) => str('trim_space', 1, a).trim(),
  substring: (a, b, c) => {
    const s = [...str('substring', 1, a)];
    const start = num('substring', 2, b);
    const len = num('substring', 3, c);
    if (start < 0) throw new EvalError('eval_builtin_error', 'substring: negative offset');
    return s.slice(start, len < 0 ? undefined : start + len).join('');
  },
  indexof: (a, b) => [...str('indexof', 1, a)].join('').indexOf(str('indexof', 2, b)),
  sprintf,
  is_number: (a) => typeof a === 'number',
  is_string: (a) => typeof a === 'string',
  is_boolean: (a) => typeof a === 'boolean',
  is_array: (a) => Array.isArray(a),
  is_set: (a) => a instanceof SetValue,
  is_object: (a) => a instanceof ObjectValue,
  is_null: (a) => a === null,
  type_name: (a) => typeName(a),
  to_number: (a) => {
    if (typeof a === 'number') return a;
    if (a === null) return 0;
    if (typeof a === 'boolean') return a ? 1 : 0;
    const text = str('to_number', 1, a);
    const n = Number(text);
    if (Number.isNaN(n) || text.trim() === '') throw new EvalError('eval_builtin_error', `to_number: strconv.ParseFloat: parsing "${a}": invalid syntax`);
    return n;
  },
  'object.get': (o, k, d) => {
    if (!(o instanceof ObjectValue)) return undefined;
    if (!Array.isArray(k)) return o.get(k) ?? d;
    let cur: Value = o;
    for (const part of k) {
      const next: Value | undefined = cur instanceof ObjectValue ? cur.get(part) : Array.isArray(cur) && typeof part === 'number' ? cur[part] : undefined;
      if (next === undefined) return d;
      cur = next;
    }
    return cur;
  },
  'object.keys': (o) => {
    const out = new SetValue();
    if (o instanceof ObjectValue) for (const [k] of o.entries.values()) out.add(k);
    return out;
  },
  'array.concat': (a, b) => [...(a as Value[]), ...(b as Value[])],
  'internal.member_2': (x, coll) => memberValues(coll).some((v) => equal(v, x)),
  'internal.member_3': (k, x, coll) => {
    if (Array.isArray(coll)) return typeof k === 'number' && equal(coll[k] ?? null, x) && k < coll.length;
    if (coll instanceof ObjectValue) {
      const v = coll.get(k);
      return v !== undefined && equal(v, x);
    }
    if (coll instanceof SetValue) return equal(k, x) && coll.has(x);
    return false;
  },
  'numbers.range': (a, b) => {
    const x = num('numbers.range', 1, a);
    const y = num('numbers.range', 2, b);
    const out: number[] = [];
    for (let i = x; x <= y ? i <= y : i >= y; i += x <= y ? 1 : -1) out.push(i);
    return out;
  },
};

function memberValues(coll: Value): Value[] {
  if (Array.isArray(coll)) return coll;
  if (coll instanceof SetValue) return [...coll.items.values()];
  if (coll instanceof ObjectValue) return [...coll.entries.values()].map((e) => e[1]);
  return [];
}
