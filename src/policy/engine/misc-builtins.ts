// graph.reachable, graph.reachable_paths, uuid.parse, uuid.rfc4122, semver.* and rand.intn as host builtins.
// Sets cannot cross the host boundary (the SDK passes JSON), so set results come back as arrays
// in OPA's set order.
import { randomInt, randomUUID } from 'node:crypto';
import { HostTypeError, num, str, typeName, type HostBuiltin } from './builtin-args.ts';
import { compareValues } from './value-order.ts';

/** Values that live for one evaluation (OPA caches uuid.rfc4122 and time.now_ns per query). */
export const queryCache = new Map<string, unknown>();

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function edgesOf(graph: Record<string, unknown>, node: string, name: string): string[] | undefined {
  if (!Object.hasOwn(graph, node)) return undefined;
  const e = graph[node];
  if (e === null) return [];
  if (!Array.isArray(e)) throw new HostTypeError(`${name}: edges of ${node} must be a set or an array but got ${typeName(e)}`);
  return e.map(String);
}

function checkArgs(graph: unknown, initial: unknown, name: string): [Record<string, unknown>, string[]] {
  if (!isObject(graph)) throw new HostTypeError(`${name}: operand 1 must be object but got ${typeName(graph)}`);
  if (!Array.isArray(initial)) throw new HostTypeError(`${name}: operand 2 must be one of {set, array} but got ${typeName(initial)}`);
  return [graph, initial.map(String)];
}

const asSet = (xs: unknown[]) => {
  const seen = new Map(xs.map((x) => [JSON.stringify(x), x]));
  return [...seen.values()].sort(compareValues);
};

function reachable(g: unknown, i: unknown): unknown {
  const [graph, initial] = checkArgs(g, i, 'graph.reachable');
  const reached = new Set<string>();
  const queue = [...initial];
  while (queue.length) {
    const node = queue.shift()!;
    if (reached.has(node)) continue;
    const edges = edgesOf(graph, node, 'graph.reachable');
    if (edges === undefined) continue;
    reached.add(node);
    queue.push(...edges);
  }
  return asSet([...reached]);
}

function reachablePaths(g: unknown, i: unknown): unknown {
  const [graph, initial] = checkArgs(g, i, 'graph.reachable_paths');
  const paths: string[][] = [];
  const walk = (path: string[]) => {
    const edges = edgesOf(graph, path[path.length - 1], 'graph.reachable_paths') ?? [];
    let extended = false;
    for (const n of edges) {
      if (!Object.hasOwn(graph, n) || path.includes(n)) continue;
      extended = true;
      walk([...path, n]);
    }
    // A path ends where it cannot go on: no edges, only unknown nodes, or only a cycle back.
    if (!extended) paths.push(path);
  };
  for (const root of initial) if (Object.hasOwn(graph, root)) walk([root]);
  return asSet(paths);
}

// ---- uuid ----

const DOMAINS = ['Person', 'Group', 'Org'];

function uuidParse(v: unknown): unknown {
  const s = str(v, 'uuid.parse', 1);
  let hex: string | undefined;
  const m = /^(?:urn:uuid:)?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(s) ?? /^[{(]([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})[})]$/i.exec(s);
  if (m) hex = m.slice(1).join('');
  else if (/^[0-9a-f]{32}$/i.test(s)) hex = s;
  if (!hex || (s.startsWith('{') && !s.endsWith('}')) || (s.startsWith('(') && !s.endsWith(')'))) return undefined;
  const b = Buffer.from(hex, 'hex');
  const version = b[6] >> 4;
  const vbits = b[8] >> 5;
  const variant = vbits >> 2 === 0 ? 'Reserved' : vbits >> 1 === 2 ? 'RFC4122' : vbits === 6 ? 'Microsoft' : 'Future';
  const out: Record<string, unknown> = { variant, version };
  if (variant === 'RFC4122' && (version === 1 || version === 2)) {
    const t = (BigInt(b.readUInt16BE(6) & 0x0fff) << 48n) | (BigInt(b.readUInt16BE(4)) << 32n) | BigInt(b.readUInt32BE(0));
    out.time = Number((t - 122_192_928_000_000_000n) * 100n);
    out.clocksequence = ((b[8] & 0x3f) << 8) | b[9];
    out.nodeid = [...b.subarray(10)].map((x) => x.toString(16).padStart(2, '0')).join('-');
    out.macvariables = `${b[10] & 2 ? 'local' : 'global'}:${b[10] & 1 ? 'multicast' : 'unicast'}`;
    if (version === 2) {
      out.domain = DOMAINS[b[9]] ?? `Domain${b[9]}`;
      out.id = b.readUInt32BE(0);
    }
  }
  return out;
}

function uuidRfc4122(k: unknown): unknown {
  const key = `uuid.rfc4122:${str(k, 'uuid.rfc4122', 1)}`;
  if (!queryCache.has(key)) queryCache.set(key, randomUUID());
  return queryCache.get(key);
}

/** rand.intn: a random integer in [0, |n|), the same for the same (str, n) within one evaluation. */
function randIntn(k: unknown, n: unknown): unknown {
  const s = str(k, 'rand.intn', 1);
  let max = num(n, 'rand.intn', 2);
  if (!Number.isInteger(max)) throw new HostTypeError('rand.intn: operand 2 must be integer number but got floating-point number');
  if (max === 0) return 0;
  max = Math.abs(max);
  const key = `rand.intn:${s}-${max}`;
  if (!queryCache.has(key)) queryCache.set(key, max <= 2 ** 48 ? randomInt(max) : Math.floor(Math.random() * max));
  return queryCache.get(key);
}

// ---- semver (SemVer 2.0.0) ----

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

function semverParts(v: unknown, pos: number): RegExpExecArray {
  const s = str(v, 'semver.compare', pos);
  const m = SEMVER.exec(s);
  if (!m) throw new Error(`semver.compare: operand ${pos}: string "${s}" is not a valid SemVer`);
  return m;
}

function semverCompare(a: unknown, b: unknown): number {
  const x = semverParts(a, 1);
  const y = semverParts(b, 2);
  for (let i = 1; i <= 3; i++) {
    const d = BigInt(x[i]) - BigInt(y[i]);
    if (d !== 0n) return d < 0n ? -1 : 1;
  }
  if (x[4] === undefined || y[4] === undefined) return x[4] === y[4] ? 0 : x[4] === undefined ? 1 : -1;
  const p = x[4].split('.');
  const q = y[4].split('.');
  for (let i = 0; i < Math.max(p.length, q.length); i++) {
    if (p[i] === undefined) return -1;
    if (q[i] === undefined) return 1;
    const pn = /^\d+$/.test(p[i]);
    const qn = /^\d+$/.test(q[i]);
    if (pn && qn && BigInt(p[i]) !== BigInt(q[i])) return BigInt(p[i]) < BigInt(q[i]) ? -1 : 1;
    if (pn !== qn) return pn ? -1 : 1;
    if (!pn && p[i] !== q[i]) return p[i] < q[i] ? -1 : 1;
  }
  return 0;
}

export const miscBuiltins: Record<string, HostBuiltin> = {
  'graph.reachable': reachable,
  'graph.reachable_paths': reachablePaths,
  'uuid.parse': uuidParse,
  'uuid.rfc4122': uuidRfc4122,
  'semver.is_valid': (v) => typeof v === 'string' && SEMVER.test(v),
  'semver.compare': semverCompare,
  'rand.intn': randIntn,
};
