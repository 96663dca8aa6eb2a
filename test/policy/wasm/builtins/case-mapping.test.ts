// lower and upper map every code point as Go's unicode.ToLower / ToUpper do (simple mappings),
// not only ASCII; mappings that would need several code points (ß → SS) leave the letter alone.
import { describe, expect, it } from 'vitest';
import { value } from './rego.ts';

describe('case mapping', () => {
  it('maps accented, Greek, Cyrillic and supplementary-plane letters', async () => {
    expect(await value('lower("ÀÉÎÕÜ ΣΑΣ ПРИВЕТ 𐐀 ABC")')).toBe('àéîõü σασ привет 𐐨 abc');
    expect(await value('upper("àéîõü σας привет 𐐨 abc")')).toBe('ÀÉÎÕÜ ΣΑΣ ПРИВЕТ 𐐀 ABC');
  });

  it('keeps to one code point per code point, as Go does', async () => {
    expect(await value('upper("straße")')).toBe('STRAßE');
    expect(await value('lower("İstanbul")')).toBe('istanbul');
    expect(await value('upper("ᾳ")')).toBe('ᾼ');
    expect(await value('lower("\u212a")')).toBe('k'); // Kelvin sign
    expect(await value('upper("ǆ")')).toBe('Ǆ');
    expect(await value('upper("ȿ")')).toBe('Ȿ'); // grows from 2 to 3 bytes
  });

  it('turns invalid UTF-8 bytes into U+FFFD', async () => {
    expect(await value(`lower(base64.decode("${Buffer.from([0x41, 0xff, 0x42]).toString('base64')}"))`)).toBe('a\ufffdb');
  });
});
