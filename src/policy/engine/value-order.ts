// OPA's order of JSON values, for sorting what stands for a set on the host side.

export const RANK = (v: unknown): number =>
  v === undefined ? -1 : v === null ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'number' ? 2 : typeof v === 'string' ? 3 : Array.isArray(v) ? 4 : 5;

/** OPA's value order: null < boolean < number < string < array < object. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = RANK(a);
  const rb = RANK(b);
  if (ra !== rb) return ra - rb;
  if (ra === 1 || ra === 2) return Number(a) - Number(b);
  if (ra === 3) return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (ra === 4) {
    const x = a as unknown[];
    const y = b as unknown[];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = compareValues(x[i], y[i]);
      if (d) return d;
    }
    return x.length - y.length;
  }
  if (ra === 5) {
    const ka = Object.keys(a as object).sort();
    const kb = Object.keys(b as object).sort();
    const d = compareValues(ka, kb);
    if (d) return d;
    for (const k of ka) {
      const e = compareValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      if (e) return e;
    }
  }
  return 0;
}

