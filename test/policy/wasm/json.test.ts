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
