// Hashes, HMACs and JWTs as host builtins, on node:crypto.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { str, type HostBuiltin } from './builtin-args.ts';
import { jwtDecode, jwtDecodeVerify, jwtEncodeSign, jwtEncodeSignRaw, jwtVerify } from './jwt.ts';
import { parseAndVerifyCertificates, parseCertificateRequest, parseCertificates, parseKeypair, parsePrivateKeys, parseRsaPrivateKey } from './x509.ts';

const digest = (alg: string, name: string) => (x: unknown) => createHash(alg).update(str(x, name, 1)).digest('hex');
const hmac = (alg: string, name: string) => (x: unknown, key: unknown) => createHmac(alg, str(key, name, 2)).update(str(x, name, 1)).digest('hex');

const verifiers: Record<string, HostBuiltin> = {};
for (const alg of ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']) {
  const name = `io.jwt.verify_${alg.toLowerCase()}`;
  verifiers[name] = (token, key) => jwtVerify(alg, str(token, name, 1), str(key, name, 2));
}

export const cryptoBuiltins: Record<string, HostBuiltin> = {
  'crypto.md5': digest('md5', 'crypto.md5'),
  'crypto.sha1': digest('sha1', 'crypto.sha1'),
  'crypto.sha256': digest('sha256', 'crypto.sha256'),
  'crypto.hmac.md5': hmac('md5', 'crypto.hmac.md5'),
  'crypto.hmac.sha1': hmac('sha1', 'crypto.hmac.sha1'),
  'crypto.hmac.sha256': hmac('sha256', 'crypto.hmac.sha256'),
  'crypto.hmac.sha512': hmac('sha512', 'crypto.hmac.sha512'),
  'crypto.hmac.equal': (a, b) => {
    const x = Buffer.from(str(a, 'crypto.hmac.equal', 1));
    const y = Buffer.from(str(b, 'crypto.hmac.equal', 2));
    return x.length === y.length && timingSafeEqual(x, y);
  },
  'io.jwt.decode': (t) => jwtDecode(str(t, 'io.jwt.decode', 1)),
  'io.jwt.decode_verify': (t, c) => jwtDecodeVerify(str(t, 'io.jwt.decode_verify', 1), c),
  'io.jwt.encode_sign': (h, p, k) => jwtEncodeSign(h, p, k),
  'io.jwt.encode_sign_raw': (h, p, k) =>
    jwtEncodeSignRaw(str(h, 'io.jwt.encode_sign_raw', 1), str(p, 'io.jwt.encode_sign_raw', 2), str(k, 'io.jwt.encode_sign_raw', 3)),
  ...verifiers,
  'crypto.x509.parse_certificates': (c) => parseCertificates(str(c, 'crypto.x509.parse_certificates', 1)),
  'crypto.x509.parse_and_verify_certificates': (c) => parseAndVerifyCertificates(str(c, 'crypto.x509.parse_and_verify_certificates', 1)),
  'crypto.x509.parse_certificate_request': (c) => parseCertificateRequest(str(c, 'crypto.x509.parse_certificate_request', 1)),
  'crypto.x509.parse_keypair': (c, k) => parseKeypair(str(c, 'crypto.x509.parse_keypair', 1), str(k, 'crypto.x509.parse_keypair', 2)),
  'crypto.x509.parse_rsa_private_key': (k) => parseRsaPrivateKey(str(k, 'crypto.x509.parse_rsa_private_key', 1)),
  'crypto.parse_private_keys': (k) => parsePrivateKeys(str(k, 'crypto.parse_private_keys', 1)),
};

