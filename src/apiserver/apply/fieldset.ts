// Field sets of server-side apply: a trie of path elements ("f:spec", "k:{\"name\":\"a\"}", "v:\"x\"", "i:0"), the set
// algebra ownership needs, and the FieldsV1 JSON encoding with kube's ordering (apply-schema.md A.3).

export type PathElement = string;

export class FieldSet {
  readonly members = new Set<PathElement>();
  readonly children = new Map<PathElement, FieldSet>();

  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  child(pe: PathElement): FieldSet {
    let c = this.children.get(pe);
    if (!c) {
      c = new FieldSet();
      this.children.set(pe, c);
    }
    return c;
  }

  /** Drops children that became empty (a node with neither members nor children means nothing). */
  private tidy(pe: PathElement): void {
    const c = this.children.get(pe);
    if (c && c.isEmpty()) this.children.delete(pe);
  }

  clone(): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const [pe, c] of this.children) out.children.set(pe, c.clone());
    return out;
  }

  union(other: FieldSet): FieldSet {
    const out = this.clone();
    out.addAll(other);
    return out;
  }

  /** In-place union. */
  addAll(other: FieldSet): void {
    for (const m of other.members) this.members.add(m);
    for (const [pe, c] of other.children) this.child(pe).addAll(c);
  }

  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      const d = o ? c.difference(o) : c.clone();
      if (!d.isEmpty()) out.children.set(pe, d);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      if (!o) continue;
      const i = c.intersection(o);
      if (!i.isEmpty()) out.children.set(pe, i);
    }
    return out;
  }

  /** Everything in this set that is not `other` or below it (prefix removal). */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      if (other.members.has(pe)) continue;
      const o = other.children.get(pe);
      const d = o ? c.recursiveDifference(o) : c.clone();
      if (!d.isEmpty()) out.children.set(pe, d);
    }
    return out;
  }

  /** Whether this set owns `pe` itself or anything below it. */
  touches(pe: PathElement): boolean {
    return this.members.has(pe) || this.children.has(pe);
  }

  /** Every member as a path of elements, in encoding order. */
  paths(prefix: PathElement[] = []): PathElement[][] {
    const out: PathElement[][] = [];
    for (const pe of sortedElements([...new Set([...this.members, ...this.children.keys()])])) {
      if (this.members.has(pe)) out.push([...prefix, pe]);
      const c = this.children.get(pe);
      if (c) out.push(...c.paths([...prefix, pe]));
    }
    return out;
  }

  /** Adds one path as a member. */
  insert(path: PathElement[]): void {
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) node = node.child(path[i]);
    node.members.add(path[path.length - 1]);
  }

  /** Removes one member path (and tidies the now empty parents). */
  removePath(path: PathElement[]): void {
    if (path.length === 1) {
      this.members.delete(path[0]);
      return;
    }
    const c = this.children.get(path[0]);
    if (!c) return;
    c.removePath(path.slice(1));
    this.tidy(path[0]);
  }

  toJSON(): Record<string, unknown> {
    return encodeFields(this);
  }
}

function prefixRank(pe: PathElement): number {
  switch (pe[0]) {
    case 'f': return 0;
    case 'k': return 1;
    case 'v': return 2;
    default: return 3;
  }
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v !== null && typeof v === 'object') return 4;
  return 5;
}

function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

function parseJsonSafe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function comparePathElements(a: PathElement, b: PathElement): number {
  const ra = prefixRank(a);
  const rb = prefixRank(b);
  if (ra !== rb) return ra - rb;
  const ta = a.slice(2);
  const tb = b.slice(2);
  if (ra === 0) return ta < tb ? -1 : ta > tb ? 1 : 0;
  if (ra === 3) return Number(ta) - Number(tb);
  if (ra === 2) return compareValues(parseJsonSafe(ta), parseJsonSafe(tb));
  // k: compare the key fields pairwise (both sorted by name): name, then value
  const ka = Object.entries(parseJsonSafe(ta) as Record<string, unknown>);
  const kb = Object.entries(parseJsonSafe(tb) as Record<string, unknown>);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    if (ka[i][0] !== kb[i][0]) return ka[i][0] < kb[i][0] ? -1 : 1;
    const c = compareValues(ka[i][1], kb[i][1]);
    if (c !== 0) return c;
  }
  return ka.length - kb.length;
}

function sortedElements(pes: PathElement[]): PathElement[] {
  return pes.sort(comparePathElements);
}

function elementsOf(set: FieldSet): PathElement[] {
  if (set.children.size === 0) return [...set.members];
  if (set.members.size === 0) return [...set.children.keys()];
  return [...new Set([...set.members, ...set.children.keys()])];
}

export function encodeFields(set: FieldSet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const elements = elementsOf(set);
  for (const pe of elements.length > 1 ? sortedElements(elements) : elements) {
    const c = set.children.get(pe);
    if (!c) {
      out[pe] = {};
      continue;
    }
    const inner = encodeFields(c);
    out[pe] = set.members.has(pe) ? { '.': {}, ...inner } : inner;
  }
  return out;
}

const KNOWN_PREFIXES = new Set(['f:', 'k:', 'v:', 'i:']);

/** Decodes a FieldsV1 object; throws on a malformed trie (callers fall back to the live list). */
export function decodeFields(value: unknown): FieldSet {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('fieldsV1 must be an object');
  const out = new FieldSet();
  for (const [pe, inner] of Object.entries(value as Record<string, unknown>)) {
    if (pe === '.') continue;
    if (!KNOWN_PREFIXES.has(pe.slice(0, 2))) continue;
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) throw new Error(`fieldsV1 entry ${pe} must be an object`);
    const keys = Object.keys(inner);
    if (keys.length === 0) {
      out.members.add(pe);
      continue;
    }
    const c = decodeFields(inner);
    if (keys.includes('.')) out.members.add(pe);
    if (!c.isEmpty()) out.children.set(pe, c);
  }
  return out;
}

/** JSON the way Go's encoder writes it inside k:/v: elements (HTML characters escaped). */
export function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

function goQuote(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : goJson(v);
}

/** Conflict-message rendering of a path: `.spec.containers[name="nginx"].image`, `.metadata.finalizers[="a/b"]`. */
export function renderPath(path: PathElement[]): string {
  let out = '';
  for (const pe of path) {
    const body = pe.slice(2);
    switch (pe.slice(0, 2)) {
      case 'f:':
        out += `.${body}`;
        break;
      case 'k:': {
        const keys = Object.entries(parseJsonSafe(body) as Record<string, unknown>);
        out += `[${keys.map(([k, v]) => `${k}=${goQuote(v)}`).join(',')}]`;
        break;
      }
      case 'v:':
        out += `[=${goQuote(parseJsonSafe(body))}]`;
        break;
      default:
        out += `[${body}]`;
    }
  }
  return out;
}
