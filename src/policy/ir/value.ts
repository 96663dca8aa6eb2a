// Rego values for the IR interpreter: JSON scalars and arrays as plain JS values, objects and
// sets as classes so keys may be any value. Ordering follows OPA:
// null < boolean < number < string < array < object < set.

export type Value = null | boolean | number | string | Value[] | ObjectValue | SetValue;

export class ObjectValue {
  readonly entries = new Map<string, [Value, Value]>();
  get size(): number {
    return this.entries.size;
  }
  get(key: Value): Value | undefined {
    return this.entries.get(keyOf(key))?.[1];
  }
  set(key: Value, value: Value): void {
    this.entries.set(keyOf(key), [key, value]);
  }
  has(key: Value): boolean {
    return this.entries.has(keyOf(key));
  }
  delete(key: Value): void {
    this.entries.delete(keyOf(key));
  }
  /** Entries sorted by key, as OPA iterates and prints them. */
  sorted(): [Value, Value][] {
    return [...this.entries.values()].sort((a, b) => compare(a[0], b[0]));
  }
  copy(): ObjectValue {
    const o = new ObjectValue();
    for (const [k, e] of this.entries) o.entries.set(k, [e[0], e[1]]);
    return o;
  }
}

export class SetValue {
  readonly items = new Map<string, Value>();
  get size(): number {
    return this.items.size;
  }
  add(v: Value): void {
    this.items.set(keyOf(v), v);
  }
  has(v: Value): boolean {
    return this.items.has(keyOf(v));
  }
  sorted(): Value[] {
    return [...this.items.values()].sort(compare);
  }
  copy(): SetValue {
    const s = new SetValue();
    for (const [k, v] of this.items) s.items.set(k, v);
    return s;
  }
}

export function typeRank(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
      return 2;
    case 'string':
      return 3;
  }
  if (Array.isArray(v)) return 4;
  if (v instanceof ObjectValue) return 5;
  return 6;
}

export function typeName(v: Value): string {
  return ['null', 'boolean', 'number', 'string', 'array', 'object', 'set'][typeRank(v)];
}

/** A canonical string for a value: equal values (1 and 1.0, sets in any order) give equal keys. */
export function keyOf(v: Value): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(keyOf).join(',') + ']';
  if (v instanceof ObjectValue) {
    return '{' + v.sorted().map(([k, x]) => keyOf(k) + ':' + keyOf(x)).join(',') + '}';
  }
  return 'set(' + v.sorted().map(keyOf).join(',') + ')';
}

export function compare(a: Value, b: Value): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
    case 2:
      return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
    case 3:
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 4:
      return compareLists(a as Value[], b as Value[]);
    case 5: {
      const ea = (a as ObjectValue).sorted();
      const eb = (b as ObjectValue).sorted();
      const n = Math.min(ea.length, eb.length);
      for (let i = 0; i < n; i++) {
        const c = compare(ea[i][0], eb[i][0]) || compare(ea[i][1], eb[i][1]);
        if (c !== 0) return c;
      }
      return ea.length - eb.length < 0 ? -1 : ea.length === eb.length ? 0 : 1;
    }
    default:
      return compareLists((a as SetValue).sorted(), (b as SetValue).sorted());
  }
}

function compareLists(a: Value[], b: Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compare(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function equal(a: Value, b: Value): boolean {
  return compare(a, b) === 0;
}

/** Converts parsed JSON (or YAML) into a Value. */
export function fromJSON(x: unknown): Value {
  if (x === null || x === undefined) return null;
  if (typeof x === 'boolean' || typeof x === 'number' || typeof x === 'string') return x;
  if (typeof x === 'bigint') return Number(x);
  if (Array.isArray(x)) return x.map(fromJSON);
  if (x instanceof ObjectValue || x instanceof SetValue) return x;
  const o = new ObjectValue();
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) o.set(k, fromJSON(v));
  return o;
}

/** Converts a Value to JSON as OPA's json dump does: sets become sorted arrays, keys strings. */
export function toJSON(v: Value): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toJSON);
  if (v instanceof SetValue) return v.sorted().map(toJSON);
  const out: Record<string, unknown> = {};
  for (const [k, x] of v.sorted()) out[typeof k === 'string' ? k : JSON.stringify(toJSON(k))] = toJSON(x);
  return out;
}
