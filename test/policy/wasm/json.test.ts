// JSON parse/dump through the module's ABI functions, as hosts and the SDK use them.
import { beforeAll, describe, expect, it } from 'vitest';
import { PolicyBuilder, load, loadBoth, evalBoth, internals, type LoadedPolicy, type WasmMemory } from './helpers.ts';

interface Exports {
  opa_malloc(n: number): number;
  opa_json_parse(p: number, n: number): number;
  opa_value_parse(p: number, n: number): number;
  opa_json_dump(v: number): number;
  opa_value_dump(v: number): number;
  opa_value_add_path(base: number, path: number, v: number): number;
  opa_value_remove_path(base: number, path: number): number;
}

function identityPolicy() {
  const b = new PolicyBuilder();
  return b.plan('echo', [b.result(0, 2)]).build(); // result := input
}

let policy: LoadedPolicy;
let ex: Exports;
let mem: WasmMemory;

function write(text: string): [number, number] {
  const bytes = new TextEncoder().encode(text);
  const p = ex.opa_malloc(bytes.length);
  new Uint8Array(mem.buffer).set(bytes, p);
  return [p, bytes.length];
}

function read(addr: number): string {
  const buf = new Uint8Array(mem.buffer);
  let end = addr;
  while (buf[end] !== 0) end++;
  return new TextDecoder().decode(buf.subarray(addr, end));
}

const roundTrip = (text: string): string => read(ex.opa_json_dump(ex.opa_json_parse(...write(text))));
const regoRoundTrip = (text: string): string => read(ex.opa_value_dump(ex.opa_value_parse(...write(text))));

beforeAll(async () => {
  policy = await load(identityPolicy());
  ({ exports: ex, mem } = internals<Exports>(policy));
});

describe('JSON parse and dump', () => {
  it('keeps integers beyond 2^53 exact', () => {
    expect(roundTrip('[12345678901234567890, -98765432109876543210123, 9007199254740993]'))
      .toBe('[12345678901234567890,-98765432109876543210123,9007199254740993]');
  });

  it('keeps number literals as written and i64 integers exact', () => {
    expect(roundTrip('[0, -1, 1.5, 1e3, 2.50, 9223372036854775807, -9223372036854775808]'))
      .toBe('[0,-1,1.5,1e3,2.50,9223372036854775807,-9223372036854775808]');
  });

  it('sorts object keys and set elements in the output', () => {
    expect(roundTrip('{"b": 1, "a": {"z": null, "c": [true, false]}}')).toBe('{"a":{"c":[true,false],"z":null},"b":1}');
    expect(regoRoundTrip('{3, 1, "x", 2}')).toBe('{1,2,3,"x"}');
    expect(read(ex.opa_json_dump(ex.opa_value_parse(...write('{3, 1, 2}'))))).toBe('[1,2,3]');
    expect(regoRoundTrip('set()')).toBe('set()');
  });

  it('decodes and re-encodes escapes and unicode', () => {
    expect(roundTrip('"caf\\u00e9 \\ud83d\\ude00 \\"q\\" \\\\ \\n\\t\\u0001 /"'))
      .toBe('"café 😀 \\"q\\" \\\\ \\n\\t\\u0001 /"');
    expect(roundTrip('"日本語"')).toBe('"日本語"');
  });

  it('uses the last value of a duplicated key', () => {
    expect(roundTrip('{"a": 1, "a": 2}')).toBe('{"a":2}');
  });

  it('returns 0 for invalid JSON', () => {
    for (const bad of ['', '{', '[1,]', '{"a" 1}', '01', 'tru', '"abc', '{1: 2}', '{1, 2}', '1 2']) {
      expect(ex.opa_json_parse(...write(bad)), bad).toBe(0);
    }
  });

  it('builds objects with many keys (hash index) and finds every key', () => {
    const obj: Record<string, number> = {};
    for (let i = 0; i < 200; i++) obj[`k${(i * 7919) % 1000}`] = i;
    const text = JSON.stringify(obj);
    const expected = JSON.stringify(Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : 1))));
    expect(roundTrip(text)).toBe(expected);
  });
});

describe('data paths', () => {
  it('adds and removes values at a path in the data object', () => {
    const base = ex.opa_json_parse(...write('{"a": {"b": 1}}'));
    expect(ex.opa_value_add_path(base, ex.opa_json_parse(...write('["a", "c", "d"]')), ex.opa_json_parse(...write('[1,2]')))).toBe(0);
    expect(read(ex.opa_json_dump(base))).toBe('{"a":{"b":1,"c":{"d":[1,2]}}}');
    expect(ex.opa_value_remove_path(base, ex.opa_json_parse(...write('["a", "b"]')))).toBe(0);
    expect(read(ex.opa_json_dump(base))).toBe('{"a":{"c":{"d":[1,2]}}}');
    expect(ex.opa_value_add_path(base, ex.opa_json_parse(...write('["a", "c", "d", "e"]')), base)).toBe(2);
    expect(ex.opa_value_add_path(base, ex.opa_json_parse(...write('"a"')), base)).toBe(3);
  });
});

describe('values through the SDK', () => {
  it('echoes input unchanged on both ABI paths', async () => {
    const p = await loadBoth(identityPolicy());
    const input = { s: 'é\u0000"\\', n: [0, -7, 3.25, 1e-7, 123456789.5], nested: { z: [], a: {} }, t: true, f: null };
    expect(evalBoth(p, input)).toEqual([{ result: input }]);
  });

  it('treats raw JSON input bytes like an object', async () => {
    const p = await load(identityPolicy());
    const text = '{"big": 12345678901234567890, "x": [1, 2]}';
    expect(p.evaluate(new TextEncoder().encode(text).buffer)).toEqual([{ result: JSON.parse(text) }]);
  });

  it('aborts with a clear message when raw input is not JSON', async () => {
    const p = await load(identityPolicy());
    expect(() => p.evaluate(new TextEncoder().encode('{"a":').buffer)).toThrow(/input is not valid JSON/);
  });
});

describe('random documents', () => {
  /** Deterministic generator (mulberry32) so a failure can be reproduced. */
  function rng(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function randomValue(r: () => number, depth: number): unknown {
    const k = Math.floor(r() * (depth > 3 ? 4 : 7));
    switch (k) {
      case 0: return null;
      case 1: return r() < 0.5;
      case 2: return r() < 0.5 ? Math.floor(r() * 2e9) - 1e9 : Math.round(r() * 1e6) / 1e3;
      case 3: return Array.from({ length: Math.floor(r() * 12) }, () => {
        const cp = Math.floor(r() * (r() < 0.8 ? 128 : 0x2ffff));
        return String.fromCodePoint(cp >= 0xd800 && cp < 0xe000 ? 0x41 : cp); // no lone surrogates
      }).join('');
      case 4: return Array.from({ length: Math.floor(r() * 6) }, () => randomValue(r, depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        const n = Math.floor(r() * (r() < 0.2 ? 60 : 8));
        for (let i = 0; i < n; i++) o[`k${Math.floor(r() * 100)}`] = randomValue(r, depth + 1);
        return o;
      }
    }
  }

  /** JSON text with object keys sorted, as the module dumps it. */
  function sortedJson(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
    if (v && typeof v === 'object') {
      const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
    }
    return JSON.stringify(v);
  }

  it('round-trip 300 random documents exactly', () => {
    const r = rng(42);
    for (let i = 0; i < 300; i++) {
      const doc = randomValue(r, 0);
      const text = JSON.stringify(doc);
      // same values, and keys in the same (sorted) order
      expect(JSON.stringify(JSON.parse(roundTrip(text))), text).toBe(JSON.stringify(JSON.parse(sortedJson(doc))));
    }
  });
});
