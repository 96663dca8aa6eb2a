// Parsing what a CSR carries: PEM blocks, the PKCS#10 request (with its self-signature checked) and its subject.
import { createPublicKey, verify } from 'node:crypto';
import '../auth/pki.ts'; // installs the webcrypto provider @peculiar/x509 needs
import * as x509 from '@peculiar/x509';

export interface PemBlock {
  type: string;
  headers: boolean;
  der: Buffer;
}

export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lines = m[2].split(/\r?\n/).filter((l) => l.trim() !== '');
    const headers = lines.some((l) => l.includes(':'));
    out.push({ type: m[1], headers, der: Buffer.from(lines.filter((l) => !l.includes(':')).join(''), 'base64') });
  }
  return out;
}

const HASHES: Record<string, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** Decodes spec.request (base64 of a PEM CERTIFICATE REQUEST) and checks its signature; throws a readable Error. */
export function parseCertificateRequest(requestB64: unknown): x509.Pkcs10CertificateRequest {
  if (typeof requestB64 !== 'string' || requestB64 === '') throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const pem = Buffer.from(requestB64, 'base64').toString('utf8');
  const block = pemBlocks(pem)[0];
  if (!block || block.type !== 'CERTIFICATE REQUEST') throw new Error('PEM block type must be CERTIFICATE REQUEST');
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(block.der);
  } catch (err) {
    throw new Error(`x509: malformed certificate request: ${(err as Error).message}`);
  }
  const alg = csr.signatureAlgorithm as { name: string; hash?: { name: string } };
  const hash = alg.hash ? HASHES[alg.hash.name] : null;
  if (hash === undefined || alg.name === 'RSA-PSS') throw new Error(`x509: cannot verify signature: algorithm unimplemented (${alg.name})`);
  const key = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
  const tbs = Buffer.from((csr as unknown as { tbs: ArrayBuffer }).tbs);
  if (!verify(hash, tbs, key, Buffer.from(csr.signature))) throw new Error('x509: ECDSA verification failure');
  return csr;
}

/** The Organization values of the request's subject, in order. */
export function subjectOrganizations(csr: x509.Pkcs10CertificateRequest): string[] {
  return csr.subjectName.getField('O');
}
