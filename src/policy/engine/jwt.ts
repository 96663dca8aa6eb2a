// io.jwt.* host builtins on node:crypto: decode, verify_{hs,rs,ps,es}{256,384,512} and
// verify_eddsa, decode_verify with OPA's constraints (cert/secret, alg, iss, aud, time), and
// encode_sign / encode_sign_raw. Keys are PEM certificates, PEM public keys, JWKs or JWK sets.
import { X509Certificate, createHmac, createPrivateKey, createPublicKey, sign, timingSafeEqual, verify, constants, type KeyObject } from 'node:crypto';

export class JwtError extends Error {}

interface Decoded {
  header: Record<string, unknown>;
  payload: unknown;
  signature: Buffer;
  signingInput: string;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function b64urlDecode(part: string, what: string): Buffer {
  const s = part.replace(/=+$/, '');
  if (!B64URL.test(s)) {
    const at = [...s].findIndex((c) => !/[A-Za-z0-9_-]/.test(c));
    throw new JwtError(`JWT ${what} had invalid encoding: illegal base64 data at input byte ${at}`);
  }
  if (s.length % 4 === 1) throw new JwtError(`JWT ${what} had invalid encoding: illegal base64 data at input byte ${s.length - 1}`);
  return Buffer.from(s, 'base64url');
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function parseJson(buf: Buffer, what: string): unknown {
  try {
    return JSON.parse(buf.toString('utf8')) as unknown;
  } catch (e) {
    throw new JwtError(`JWT ${what} had invalid JSON: ${(e as Error).message}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function decodeJwt(token: string): Decoded {
  if (!token.includes('.')) throw new JwtError('encoded JWT had no period separators');
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError(`encoded JWT must have 3 sections, found ${parts.length}`);
  const header = parseJson(b64urlDecode(parts[0], 'header'), 'header');
  if (!isObject(header)) throw new JwtError('JWT header must be a JSON object');
  if ('enc' in header) throw new JwtError('JWT is a JWE object, which is not supported');
  const payloadBytes = b64urlDecode(parts[1], 'payload');
  const cty = typeof header.cty === 'string' ? header.cty.toUpperCase() : '';
  // A nested token's payload is the inner token, raw or as a JSON string.
  const payload = cty === 'JWT' && !payloadBytes.toString('utf8').startsWith('"') ? payloadBytes.toString('utf8') : parseJson(payloadBytes, 'payload');
  const signature = b64urlDecode(parts[2], 'signature');
  return { header, payload, signature, signingInput: `${parts[0]}.${parts[1]}` };
}

/** A nested JWT (header cty: JWT) carries the inner token as a JSON string payload. */
function nestedToken(d: Decoded): string | undefined {
  const cty = d.header.cty;
  return typeof cty === 'string' && cty.toUpperCase() === 'JWT' && typeof d.payload === 'string' ? d.payload : undefined;
}

export function jwtDecode(token: string): unknown[] {
  let d = decodeJwt(token);
  for (let inner = nestedToken(d); inner !== undefined; inner = nestedToken(d)) d = decodeJwt(inner);
  return [d.header, d.payload, d.signature.toString('hex')];
}

// ---- keys ----

/** Public keys from a PEM certificate, PEM public key, JWK or JWK set (with their kid when known). */
export function publicKeys(text: string): { key: KeyObject; kid?: string }[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const m = /^-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----/.exec(trimmed);
    if (!m) throw new JwtError('failed to parse a PEM certificate');
    if (trimmed.slice(m[0].length).trim() !== '') throw new JwtError('extra data after a PEM certificate block');
    try {
      if (m[1] === 'CERTIFICATE') return [{ key: new X509Certificate(m[0]).publicKey }];
      if (m[1] === 'PUBLIC KEY' || m[1] === 'RSA PUBLIC KEY') return [{ key: createPublicKey(m[0]) }];
    } catch {
      throw new JwtError('failed to parse a PEM certificate');
    }
    throw new JwtError('failed to extract a Key from the PEM certificate');
  }
  let jwk: unknown;
  try {
    jwk = JSON.parse(trimmed);
  } catch {
    throw new JwtError('failed to parse a JWK key (set)');
  }
  const list = isObject(jwk) && Array.isArray(jwk.keys) ? jwk.keys : [jwk];
  const keys: { key: KeyObject; kid?: string }[] = [];
  for (const k of list) {
    if (!isObject(k) || k.kty === 'oct') continue;
    try {
      keys.push({ key: createPublicKey({ key: k as never, format: 'jwk' }), kid: typeof k.kid === 'string' ? k.kid : undefined });
    } catch {
      throw new JwtError('failed to parse a JWK key (set)');
    }
  }
  if (keys.length === 0 && !(isObject(jwk) && Array.isArray(jwk.keys))) throw new JwtError('failed to parse a JWK key (set)');
  return keys;
}

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

function checkSignature(alg: string, input: string, sig: Buffer, key: KeyObject | string): boolean {
  const family = alg.slice(0, 2);
  const hash = HASH[alg.slice(2)];
  try {
    if (alg === 'EdDSA') return typeof key !== 'string' && verify(null, Buffer.from(input), key, sig);
    if (!hash) return false;
    if (family === 'HS') {
      if (typeof key !== 'string') return false;
      const mac = createHmac(hash, key).update(input).digest();
      return mac.length === sig.length && timingSafeEqual(mac, sig);
    }
    if (typeof key === 'string') return false;
    if (family === 'RS') return verify(hash, Buffer.from(input), key, sig);
    if (family === 'PS') return verify(hash, Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig);
    if (family === 'ES') return verify(hash, Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
  return false;
}

/** io.jwt.verify_<alg>(token, key): the signature check only (no claims). */
export function jwtVerify(alg: string, token: string, keyText: string): boolean {
  const d = decodeJwt(token);
  if (alg.startsWith('HS')) return checkSignature(alg, d.signingInput, d.signature, keyText);
  return publicKeys(keyText).some((k) => checkSignature(alg, d.signingInput, d.signature, k.key));
}

// ---- decode_verify ----

const CONSTRAINTS = new Set(['cert', 'secret', 'alg', 'iss', 'aud', 'time']);

/** Exact nanoseconds of a number of seconds (or of ns when `scale` is 0), via its decimal text. */
function toNs(n: number, scale: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(n));
  if (!m) return 0n;
  const exp = Number(m[4] ?? 0) + scale;
  let digits = BigInt(m[2] + (m[3] ?? ''));
  let shift = exp - (m[3] ?? '').length;
  if (shift >= 0) digits *= 10n ** BigInt(shift);
  else {
    shift = -shift;
    digits /= 10n ** BigInt(shift);
  }
  return m[1] === '-' ? -digits : digits;
}

export function jwtDecodeVerify(token: string, constraints: unknown): unknown[] {
  if (!isObject(constraints)) throw new JwtError('constraints must be an object');
  for (const k of Object.keys(constraints)) if (!CONSTRAINTS.has(k)) throw new JwtError(`unknown token validation constraint: ${k}`);
  const { cert, secret } = constraints;
  if (cert !== undefined && secret !== undefined) throw new JwtError('duplicate key constraints');
  if (cert === undefined && secret === undefined) throw new JwtError('no key constraint');
  const invalid = [false, {}, {}];
  const d = decodeJwt(token);
  const alg = typeof d.header.alg === 'string' ? d.header.alg : '';
  if (constraints.alg !== undefined && constraints.alg !== alg) return invalid;
  let ok: boolean;
  if (typeof secret === 'string') ok = checkSignature(alg, d.signingInput, d.signature, secret);
  else {
    const keys = publicKeys(String(cert));
    const kid = typeof d.header.kid === 'string' ? d.header.kid : undefined;
    const candidates = kid && keys.some((k) => k.kid === kid) ? keys.filter((k) => k.kid === kid) : keys;
    ok = candidates.some((k) => checkSignature(alg, d.signingInput, d.signature, k.key));
  }
  // Critical header extensions are not understood here, so a token that requires one is rejected.
  if (!ok || d.header.crit !== undefined) return invalid;
  const inner = nestedToken(d);
  if (inner !== undefined) return jwtDecodeVerify(inner, constraints);
  const payload = isObject(d.payload) ? d.payload : {};
  const now = typeof constraints.time === 'number' ? toNs(constraints.time, 0) : BigInt(Date.now()) * 1_000_000n;
  if ('exp' in payload) {
    if (typeof payload.exp !== 'number') throw new JwtError('exp value must be a number');
    if (now >= toNs(payload.exp, 9)) return invalid;
  }
  if ('nbf' in payload) {
    if (typeof payload.nbf !== 'number') throw new JwtError('nbf value must be a number');
    if (now < toNs(payload.nbf, 9)) return invalid;
  }
  if (constraints.iss !== undefined && payload.iss !== constraints.iss) return invalid;
  if ('aud' in payload) {
    const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (constraints.aud === undefined || !auds.includes(constraints.aud)) return invalid;
  } else if (constraints.aud !== undefined) return invalid;
  return [true, d.header, d.payload];
}

// ---- encode_sign ----

/** JSON as Go's encoding/json writes it: keys sorted, <, > and & escaped. */
export function goJson(v: unknown): string {
  const esc = (s: string) => JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'string') return esc(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
    return `{${keys.map((k) => `${esc(k)}:${goJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function jwtEncodeSignRaw(headerText: string, payloadText: string, keyText: string): string {
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch {
    throw new JwtError(`missing or invalid 'alg' header: cannot parse JSON`);
  }
  if (!isObject(header) || typeof header.alg !== 'string') throw new JwtError(`missing or invalid 'alg' header: header "alg" not found`);
  const alg = header.alg;
  if (!(alg === 'EdDSA' || (/^(HS|RS|PS|ES)(256|384|512)$/.test(alg)))) throw new JwtError(`unknown JWS algorithm: ${alg}`);
  if (typeof header.typ === 'string' && header.typ.toUpperCase() === 'JWT') {
    try {
      JSON.parse(payloadText);
    } catch {
      throw new JwtError('type is JWT but payload is not JSON');
    }
  }
  let jwk: unknown;
  try {
    jwk = JSON.parse(keyText);
  } catch {
    throw new JwtError('failed to parse the signing key (JWK)');
  }
  if (!isObject(jwk)) throw new JwtError('the signing key must be a JWK object');
  const input = `${b64url(headerText)}.${b64url(payloadText)}`;
  const hash = HASH[alg.slice(2)];
  let sig: Buffer;
  try {
    if (alg.startsWith('HS')) sig = createHmac(hash, Buffer.from(String(jwk.k ?? ''), 'base64url')).update(input).digest();
    else {
      const key = createPrivateKey({ key: jwk as never, format: 'jwk' });
      if (alg === 'EdDSA') sig = sign(null, Buffer.from(input), key);
      else if (alg.startsWith('RS')) sig = sign(hash, Buffer.from(input), key);
      else if (alg.startsWith('PS')) sig = sign(hash, Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
      else sig = sign(hash, Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
    }
  } catch (e) {
    throw new JwtError(`failed to sign the token: ${(e as Error).message}`);
  }
  return `${input}.${b64url(sig)}`;
}

export function jwtEncodeSign(headers: unknown, payload: unknown, key: unknown): string {
  return jwtEncodeSignRaw(goJson(headers), goJson(payload), goJson(key));
}
