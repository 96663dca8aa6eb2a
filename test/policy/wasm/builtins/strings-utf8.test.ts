// String builtins on bytes that are not valid UTF-8 (as base64.decode can produce): like Go,
// every byte that does not start a valid sequence counts as one code point (RuneError).
import { describe, expect, it } from 'vitest';
import { value } from './rego.ts';

const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');
const decoded = (bytes: number[]): string => `base64.decode("${b64(bytes)}")`;

describe('invalid UTF-8 in string builtins', () => {
  it('counts each invalid byte as one code point', async () => {
    // "a", a stray 0xff, a truncated 3-byte sequence (2 bytes), "b"
    expect(await value(`count(${decoded([0x61, 0xff, 0xe2, 0x82, 0x62])})`)).toBe(5);
    // overlong 0xc0 0x80 and a surrogate 0xed 0xa0 0x80 are invalid byte by byte; "é" and "€" are one each
    expect(await value(`count(${decoded([0xc0, 0x80, 0xed, 0xa0, 0x80, 0xc3, 0xa9, 0xe2, 0x82, 0xac])})`)).toBe(7);
    expect(await value(`count(${decoded([0xf4, 0x90, 0x80, 0x80])})`)).toBe(4); // above U+10FFFF
    expect(await value(`count(${decoded([0xf0, 0x9f, 0x98, 0x80])})`)).toBe(1); // U+1F600
  });

  it('indexes code points past invalid bytes', async () => {
    expect(await value(`indexof(${decoded([0xff, 0xe2, 0x82, 0x78])}, "x")`)).toBe(3);
    expect(await value(`substring(${decoded([0xff, 0xfe, 0x61, 0x62, 0x63])}, 2, 2)`)).toBe('ab');
    expect(await value(`count(split(${decoded([0x61, 0xe2, 0x82, 0x62])}, ""))`)).toBe(4);
    expect(await value(`strings.count(${decoded([0xff, 0x61, 0xff])}, "")`)).toBe(4);
    expect(await value(`count(trim_right(${decoded([0x78, 0xe2, 0x82, 0x79, 0x79])}, "y"))`)).toBe(3);
    expect(await value(`count(trim_right(${decoded([0x78, 0x82, 0x82])}, "x"))`)).toBe(3);
  });
});
