// Summing Kubernetes resource quantities ("4", "500m", "16Gi", "1e3") as the agent adds up Node capacity.
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value of a quantity in base units, and whether it used a binary suffix; undefined when it does not parse. */
export function parseQuantity(q: string | number): { value: number; binary: boolean } | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? { value: q, binary: false } : undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return { value: n * BINARY[m[2]], binary: true };
  if (m[3]) return { value: n * 10 ** Number(m[3].slice(1)), binary: false };
  return { value: n * DECIMAL[m[4] ?? ''], binary: false };
}

/** Canonical text: binary suffixes when the inputs used them, millis for fractions, plain integers otherwise. */
export function formatQuantity(value: number, binary: boolean): string {
  if (binary && Number.isInteger(value) && value > 0) {
    for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      if (value % BINARY[suffix] === 0) return `${value / BINARY[suffix]}${suffix}`;
    }
  }
  if (Number.isInteger(value)) return String(value);
  return `${Math.round(value * 1000)}m`;
}

/** Sums maps of name -> quantity; entries that do not parse are skipped. */
export function sumQuantities(maps: Array<Record<string, string | number | undefined> | undefined>): Record<string, string> {
  const acc = new Map<string, { value: number; binary: boolean }>();
  for (const map of maps) {
    for (const [name, raw] of Object.entries(map ?? {})) {
      if (raw === undefined) continue;
      const q = parseQuantity(raw);
      if (!q) continue;
      const prev = acc.get(name);
      acc.set(name, { value: (prev?.value ?? 0) + q.value, binary: prev ? prev.binary || q.binary : q.binary });
    }
  }
  const out: Record<string, string> = {};
  for (const name of [...acc.keys()].sort()) {
    const { value, binary } = acc.get(name)!;
    out[name] = formatQuantity(value, binary);
  }
  return out;
}
