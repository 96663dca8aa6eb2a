// Encoding, units and walk builtins, native in the wasm runtime.
import { describe, expect, it } from 'vitest';
import { error, value } from './rego.ts';

describe('json', () => {
  it('marshals like Go encoding/json and unmarshals exactly', async () => {
    expect(await value('json.marshal({"b": ["<x>&", {1}], "a": 1})')).toBe('{"a":1,"b":["\\u003cx\\u003e\\u0026",[1]]}');
    expect(await value('json.unmarshal(`{"a": [1, 2.5e3, 12345678901234567890]}`)')).toEqual({ a: [1, 2500, 12345678901234567000] });
    expect(await value('format_int(json.unmarshal("12345678901234567890"), 10)')).toBe('12345678901234567890');
    expect(await value('json.is_valid("{")')).toBe(false);
    expect(await value('json.is_valid(1)')).toBe(false);
    expect(await error('json.unmarshal("{")')).toContain('eval_builtin_error: json.unmarshal');
  });
});

describe('json.marshal_with_options', () => {
  it('indents like json.MarshalIndent, with a prefix on every line', async () => {
    expect(await value('json.marshal_with_options([1, {"a": 2}], {"indent": "  "})')).toBe('[\n  1,\n  {\n    "a": 2\n  }\n]');
    expect(await value('json.marshal_with_options([1], {"prefix": "> "})')).toBe('> [\n> \t1\n> ]');
    expect(await value('json.marshal_with_options([], {"indent": "  "})')).toBe('[]');
    expect(await value('json.marshal_with_options([1], {"pretty": false, "indent": "x"})')).toBe('[1]');
    expect(await error('json.marshal_with_options([], {"bad": true})')).toContain('object contained unknown key "bad"');
  });
});

describe('casts', () => {
  it('converts between arrays and sets and checks types', async () => {
    // deprecated builtins: Rego v0 only
    expect(await value('cast_array({3, 1})', undefined, 0)).toEqual([1, 3]);
    expect(await value('cast_set([1, 1, 2])', undefined, 0)).toEqual([1, 2]);
    expect(await error('cast_string(1)', undefined, 0)).toContain('cast_string: operand 1 must be string but got number');
  });
});

describe('base64 and hex', () => {
  it('encodes and decodes the standard and URL alphabets', async () => {
    expect(await value('base64.encode("hello?")')).toBe('aGVsbG8/');
    expect(await value('base64.decode("aGVsbG8/")')).toBe('hello?');
    expect(await value('base64url.encode("hello?")')).toBe('aGVsbG8_');
    expect(await value('base64url.encode_no_pad("hi")')).toBe('aGk');
    expect(await value('base64url.decode("aGk")')).toBe('hi');
    expect(await value('base64.is_valid("YQ==")')).toBe(true);
    expect(await value('base64.is_valid("YQ=")')).toBe(false);
    expect(await error('base64.decode("aGVsbG8")')).toContain('base64.decode: illegal base64 data at input byte 4');
  });

  it('encodes and decodes hex', async () => {
    expect(await value('hex.encode("hi!")')).toBe('686921');
    expect(await value('hex.decode("686921")')).toBe('hi!');
    expect(await error('hex.decode("6g")')).toContain("hex.decode: encoding/hex: invalid byte: U+0067 'g'");
  });
});

describe('urlquery', () => {
  it('escapes and parses query strings like Go net/url', async () => {
    expect(await value('urlquery.encode("a=b+1 c")')).toBe('a%3Db%2B1+c');
    expect(await value('urlquery.decode("a%3Db%2B1+c")')).toBe('a=b+1 c');
    expect(await value('urlquery.encode_object({"c": "d", "a": ["b+1", "x"]})')).toBe('a=b%2B1&a=x&c=d');
    expect(await value('urlquery.decode_object("a=1&b&a=2")')).toEqual({ a: ['1', '2'], b: [''] });
    expect(await error('urlquery.decode("%zz")')).toContain('urlquery.decode: invalid URL escape "%zz"');
  });
});

describe('units', () => {
  it('parses SI and IEC amounts exactly', async () => {
    expect(await value('units.parse("1.5m")')).toBe(0.0015);
    expect(await value('units.parse("2Ki")')).toBe(2048);
    expect(await value('units.parse("-0.5G")')).toBe(-500000000);
    expect(await value('format_int(units.parse("1000Ei"), 10)')).toBe('1152921504606846976000');
    expect(await value('units.parse("\\"1k\\"")')).toBe(1000);
    expect(await error('units.parse("m")')).toContain('units.parse: no amount provided');
  });

  it('parses byte amounts, truncating fractions', async () => {
    expect(await value('units.parse_bytes("1.9KiB")')).toBe(1945);
    expect(await value('units.parse_bytes("10MB")')).toBe(10000000);
    expect(await value('units.parse_bytes("512")')).toBe(512);
    expect(await error('units.parse_bytes("1 KB")')).toContain('units.parse_bytes: spaces not allowed in resource strings');
    expect(await error('units.parse_bytes("12XB")')).toContain('units.parse_bytes: byte unit xb not recognized');
  });
});

describe('walk', () => {
  it('yields every path and value, keys in order', async () => {
    expect(await value('[[p, v] | walk({"b": [1], "a": {2}}, [p, v])]')).toEqual([
      [[], { a: [2], b: [1] }],
      [['a'], [2]],
      [['a', 2], 2],
      [['b'], [1]],
      [['b', 0], 1],
    ]);
  });
});
