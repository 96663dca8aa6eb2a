// crypto.x509.* and crypto.parse_private_keys host builtins. Certificates come back in the shape
// of Go's x509.Certificate JSON (the fields policies read: Subject/Issuer names, DNSNames,
// URIStrings, EmailAddresses, IPAddresses, SerialNumber, NotBefore/NotAfter, IsCA, Raw).
import { X509Certificate, createPrivateKey } from 'node:crypto';

export class X509Error extends Error {}

const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** Standard base64 as Go decodes it: anything else is "illegal base64 data". */
function base64(text: string): Buffer {
  const s = text.replace(/\s+/g, '');
  const bad = [...s].findIndex((c) => !/[A-Za-z0-9+/=]/.test(c));
  if (bad >= 0 || s.length % 4 !== 0) throw new X509Error(`illegal base64 data at input byte ${bad >= 0 ? bad : s.length}`);
  return Buffer.from(s, 'base64');
}

function pemBlocks(text: string, type: RegExp): Buffer[] {
  const out: Buffer[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    if (type.test(m[1])) out.push(Buffer.from(m[2].replace(/\s+/g, ''), 'base64'));
  }
  return out;
}

/** Splits concatenated DER values (a chain given as one blob). */
function derSequence(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf[at] !== 0x30 || at + 2 > buf.length) throw new X509Error('x509: malformed certificate');
    let len = buf[at + 1];
    let head = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i];
      head += n;
    }
    if (at + head + len > buf.length) throw new X509Error('x509: malformed certificate');
    out.push(buf.subarray(at, at + head + len));
    at += head + len;
  }
  return out;
}

/** PEM text, base64 of PEM, or base64 of DER (one value or several concatenated). */
function derValues(input: string, pemType: RegExp): Buffer[] {
  if (input.trimStart().startsWith('-----BEGIN')) return pemBlocks(input, pemType);
  const bytes = base64(input);
  const text = bytes.toString('latin1');
  return text.trimStart().startsWith('-----BEGIN') ? pemBlocks(text, pemType) : derSequence(bytes);
}

const NAME_FIELDS: Record<string, string> = { C: 'Country', O: 'Organization', OU: 'OrganizationalUnit', L: 'Locality', ST: 'Province', street: 'StreetAddress', postalCode: 'PostalCode' };

function goName(dn: string, separator: RegExp): Record<string, unknown> {
  const name: Record<string, unknown> = { Country: null, Organization: null, OrganizationalUnit: null, Locality: null, Province: null, StreetAddress: null, PostalCode: null, SerialNumber: '', CommonName: '' };
  for (const part of dn.split(separator)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1);
    if (key === 'CN') name.CommonName = value;
    else if (key === 'serialNumber') name.SerialNumber = value;
    else if (NAME_FIELDS[key]) name[NAME_FIELDS[key]] = [...((name[NAME_FIELDS[key]] as string[] | null) ?? []), value];
  }
  return name;
}

function altNames(san: string | undefined, prefix: string): string[] | null {
  const out = (san ?? '')
    .split(/, (?=[A-Za-z ]+:)/)
    .filter((s) => s.startsWith(`${prefix}:`))
    .map((s) => s.slice(prefix.length + 1));
  return out.length ? out : null;
}

function certJson(der: Buffer): { cert: X509Certificate; json: Record<string, unknown> } {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    throw new X509Error('x509: malformed certificate');
  }
  const san = cert.subjectAltName;
  return {
    cert,
    json: {
      Raw: der.toString('base64'),
      Version: 3,
      SerialNumber: rawJSON(BigInt(`0x${cert.serialNumber}`).toString()),
      Subject: goName(cert.subject, /\n/),
      Issuer: goName(cert.issuer, /\n/),
      NotBefore: new Date(cert.validFrom).toISOString().replace('.000Z', 'Z'),
      NotAfter: new Date(cert.validTo).toISOString().replace('.000Z', 'Z'),
      IsCA: cert.ca,
      DNSNames: altNames(san, 'DNS'),
      EmailAddresses: altNames(san, 'email'),
      IPAddresses: altNames(san, 'IP Address'),
      URIStrings: altNames(san, 'URI'),
    },
  };
}

export function parseCertificates(input: string): unknown[] {
  const ders = derValues(input, /^CERTIFICATE$/);
  if (ders.length === 0) throw new X509Error('x509: no certificates found');
  return ders.map((d) => certJson(d).json);
}

/**
 * [valid, chain]: the input lists the root first and the leaf last (OPA's order); each certificate
 * must be issued and signed by the one before it and be within its validity period. The verified
 * chain comes back leaf first.
 */
export function parseAndVerifyCertificates(input: string): unknown[] {
  let parsed;
  try {
    parsed = derValues(input, /^CERTIFICATE$/).map(certJson);
  } catch {
    return [false, []];
  }
  if (parsed.length < 2) return [false, []];
  const now = Date.now();
  const ok = parsed.every(({ cert }, i) => {
    const issuer = parsed[Math.max(i - 1, 0)].cert;
    const inTime = Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);
    return inTime && cert.checkIssued(issuer) && cert.verify(issuer.publicKey) && (i === parsed.length - 1 || cert.ca);
  });
  return ok ? [true, parsed.map((p) => p.json).reverse()] : [false, []];
}

interface Der {
  tag: number;
  body: Buffer;
  end: number;
}

function readDer(buf: Buffer, at: number): Der {
  if (at + 2 > buf.length) throw new X509Error('asn1: structure error: truncated');
  const tag = buf[at];
  let len = buf[at + 1];
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i];
    head += n;
  }
  if (at + head + len > buf.length) throw new X509Error('asn1: structure error: data truncated');
  return { tag, body: buf.subarray(at + head, at + head + len), end: at + head + len };
}

function children(body: Buffer): Der[] {
  const out: Der[] = [];
  for (let at = 0; at < body.length; at = out[out.length - 1].end) out.push(readDer(body, at));
  return out;
}

const OID_SHORT: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.9': 'street', '2.5.4.17': 'postalCode', '2.5.4.5': 'serialNumber' };

function oid(b: Buffer): string {
  const parts = [Math.floor(b[0] / 40), b[0] % 40];
  let v = 0;
  for (const x of b.subarray(1)) {
    v = v * 128 + (x & 0x7f);
    if (!(x & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** A PKCS#10 request's subject, in Go's pkix.Name shape. */
export function parseCertificateRequest(input: string): unknown {
  const [der] = derValues(input, /CERTIFICATE REQUEST$/);
  if (!der) throw new X509Error('x509: no certificate request found');
  const req = readDer(der, 0);
  const info = req.tag === 0x30 ? children(req.body)[0] : undefined;
  const fields = info && info.tag === 0x30 ? children(info.body) : [];
  if (fields.length < 2 || fields[1].tag !== 0x30) throw new X509Error('asn1: structure error: not a certificate request');
  const dn: string[] = [];
  for (const rdn of children(fields[1].body)) {
    for (const atv of children(rdn.body)) {
      const [type, value] = children(atv.body);
      const key = OID_SHORT[oid(type.body)];
      if (key && value) dn.push(`${key}=${value.body.toString('utf8')}`);
    }
  }
  return { Raw: der.toString('base64'), Version: 0, Subject: goName(dn.join('\n'), /\n/) };
}

function privateKeyJwk(der: Buffer, type: string): unknown {
  const pem = `-----BEGIN ${type}-----\n${der.toString('base64')}\n-----END ${type}-----\n`;
  return createPrivateKey(pem).export({ format: 'jwk' });
}

export function parseRsaPrivateKey(input: string): unknown {
  const text = input.trimStart().startsWith('-----BEGIN') ? input : base64(input).toString('latin1');
  const m = /-----BEGIN (RSA PRIVATE KEY|PRIVATE KEY)-----/.exec(text);
  const [der] = pemBlocks(text, /^(RSA )?PRIVATE KEY$/);
  if (!m || !der) throw new X509Error('failed to parse PEM block containing the key');
  return privateKeyJwk(der, m[1]);
}

/** All private keys in PEM text (or base64 of it), as JWKs; null for empty input. */
export function parsePrivateKeys(input: string): unknown {
  if (input === '') return null;
  let text = input;
  if (!input.trimStart().startsWith('-----BEGIN')) {
    try {
      text = base64(input).toString('latin1');
    } catch {
      return [];
    }
  }
  const out: unknown[] = [];
  for (const m of text.matchAll(/-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----([\s\S]*?)-----END \1-----/g)) {
    out.push(privateKeyJwk(Buffer.from(m[2].replace(/\s+/g, ''), 'base64'), m[1]));
  }
  return out;
}

/** A TLS key pair: the certificate chain (base64 DER) and the private key, checked to match. */
export function parseKeypair(certInput: string, keyInput: string): unknown {
  const ders = derValues(certInput, /^CERTIFICATE$/);
  if (ders.length === 0) throw new X509Error('tls: failed to find any PEM data in certificate input');
  const keyText = keyInput.trimStart().startsWith('-----BEGIN') ? keyInput : base64(keyInput).toString('latin1');
  let matches: boolean;
  try {
    const key = createPrivateKey(keyText);
    const pub = new X509Certificate(ders[0]).publicKey.export({ format: 'jwk' }) as { n?: string; x?: string };
    const fromKey = key.export({ format: 'jwk' }) as { n?: string; x?: string };
    matches = (pub.n ?? pub.x) === (fromKey.n ?? fromKey.x);
  } catch (e) {
    throw new X509Error(`tls: failed to parse private key: ${(e as Error).message}`);
  }
  if (!matches) throw new X509Error('tls: private key does not match public key');
  return { Certificate: ders.map((d) => d.toString('base64')) };
}
