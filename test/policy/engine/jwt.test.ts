import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { hostBuiltins } from '../../../src/policy/engine/host-builtins.ts';

const call = (name: string, ...args: unknown[]) => hostBuiltins[name](...args);
const hsKey = { kty: 'oct', k: Buffer.from('secret').toString('base64url') };

describe('io.jwt and crypto host builtins', () => {
  it('signs with HS256 exactly as RFC 7515 A.1 and decodes the result', () => {
    const token = call('io.jwt.encode_sign', { alg: 'HS256', typ: 'JWT' }, { iss: 'joe', exp: 1300819380 }, hsKey) as string;
    const [header, payload, sig] = call('io.jwt.decode', token) as unknown[];
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({ exp: 1300819380, iss: 'joe' });
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(call('io.jwt.verify_hs256', token, 'secret')).toBe(true);
    expect(call('io.jwt.verify_hs256', token, 'other')).toBe(false);
    expect(() => call('io.jwt.decode', 'abc')).toThrow(/no period separators/);
  });

  it('verifies RS256 and ES256 with PEM keys and JWKs, and checks claims in decode_verify', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = rsa.privateKey.export({ format: 'jwk' });
    const token = call('io.jwt.encode_sign', { alg: 'RS256' }, { iss: 'ocm', aud: 'hub', exp: 2000 }, jwk) as string;
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(call('io.jwt.verify_rs256', token, pem)).toBe(true);
    expect(call('io.jwt.verify_rs256', token, JSON.stringify({ keys: [rsa.publicKey.export({ format: 'jwk' })] }))).toBe(true);
    expect(call('io.jwt.verify_ps256', token, pem)).toBe(false);
    const ns = (s: number) => s * 1e9;
    expect(call('io.jwt.decode_verify', token, { cert: pem, iss: 'ocm', aud: 'hub', time: ns(1000) })).toEqual([true, { alg: 'RS256' }, { aud: 'hub', exp: 2000, iss: 'ocm' }]);
    expect(call('io.jwt.decode_verify', token, { cert: pem, aud: 'hub', time: ns(2000) })).toEqual([false, {}, {}]);
    expect(call('io.jwt.decode_verify', token, { cert: pem, time: ns(1000) })).toEqual([false, {}, {}]);
    expect(() => call('io.jwt.decode_verify', token, { cert: pem, nonsense: 1 })).toThrow(/unknown token validation constraint: nonsense/);

    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const esToken = call('io.jwt.encode_sign', { alg: 'ES256' }, { sub: 'x' }, ec.privateKey.export({ format: 'jwk' })) as string;
    expect(call('io.jwt.verify_es256', esToken, JSON.stringify(ec.publicKey.export({ format: 'jwk' })))).toBe(true);
  });

  it('hashes and HMACs', () => {
    expect(call('crypto.sha256', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(call('crypto.md5', '')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(call('crypto.hmac.sha256', 'data', 'key')).toBe('5031fe3d989c6d1537a013fa6e739da23463fdaec3b70137d828e36ace221bd0');
    expect(call('crypto.hmac.equal', 'a1', 'a1')).toBe(true);
  });
});
