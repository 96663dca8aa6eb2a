import { describe, expect, it } from 'vitest';
import { readTar, writeTar } from '../../../src/policy/engine/tar.ts';

describe('tar', () => {
  it('round-trips files, including names longer than 100 bytes and empty files', () => {
    const enc = new TextEncoder();
    const long = `${'deep/'.repeat(30)}policy.rego`;
    const entries = [
      { name: '/data.json', data: enc.encode('{"a":1}') },
      { name: long, data: enc.encode('package deep') },
      { name: 'empty', data: new Uint8Array(0) },
      { name: 'block.bin', data: new Uint8Array(1024).fill(7) },
    ];
    const out = readTar(writeTar(entries));
    expect(out.map((e) => e.name)).toEqual(['data.json', long, 'empty', 'block.bin']);
    expect(new TextDecoder().decode(out[1].data)).toBe('package deep');
    expect(out[3].data).toEqual(new Uint8Array(1024).fill(7));
  });

  it('rejects a header with a bad checksum', () => {
    const tar = writeTar([{ name: 'a', data: new Uint8Array([1]) }]);
    tar[0] = 'b'.charCodeAt(0);
    expect(() => readTar(tar)).toThrow(/bad header checksum/);
  });
});
