// The agent's client credentials: a fresh ECDSA P-256 key and a PKCS#10 request with the subject the hub
// recognises (security.md §3.7), and when an issued certificate is due for rotation. The key is generated here,
// stored only on the managed cluster, and never sent anywhere.
import { X509Certificate, randomInt, webcrypto } from 'node:crypto';
import 'reflect-metadata'; // @peculiar/x509 (through tsyringe) needs the Reflect metadata API
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export const AGENT_USER_PREFIX = 'system:open-cluster-management:';
export const MANAGED_CLUSTERS_GROUP = 'system:open-cluster-management:managed-clusters';

export interface CertificateRequest {
  /** spec.request: base64 of the PEM CERTIFICATE REQUEST. */
  request: string;
  keyPem: string;
}

export function agentCommonName(clusterName: string, agentName: string): string {
  return `${AGENT_USER_PREFIX}${clusterName}:${agentName}`;
}

export function agentOrganizations(clusterName: string): string[] {
  return [`${AGENT_USER_PREFIX}${clusterName}`, MANAGED_CLUSTERS_GROUP];
}

export async function createCertificateRequest(clusterName: string, agentName: string): Promise<CertificateRequest> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256' } as const;
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const name = [`CN=${agentCommonName(clusterName, agentName)}`, ...agentOrganizations(clusterName).map((o) => `O=${o}`)].join(', ');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys: keys as unknown as Parameters<typeof x509.Pkcs10CertificateRequestGenerator.create>[0]['keys'],
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { request: Buffer.from(csr.toString('pem')).toString('base64'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

export interface CertificateInfo {
  commonName: string;
  notBefore: Date;
  notAfter: Date;
}

/** The subject CN and validity of a PEM certificate; undefined when it does not parse. */
export function certificateInfo(pem: string): CertificateInfo | undefined {
  try {
    const cert = new X509Certificate(pem);
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? '';
    return { commonName: cn, notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
  } catch {
    return undefined;
  }
}

/** kube-controller-manager backdates notBefore by 5 minutes; short certificates (< 8 h) keep their full TTL after it. */
const SIGNER_BACKDATE_MS = 5 * 60_000;
const SHORT_CERT_MS = 8 * 3600_000;

/** The moment the certificate was issued, undoing the signer's backdating so short lifetimes are measured right. */
export function issuedAt(info: CertificateInfo): Date {
  const span = info.notAfter.getTime() - info.notBefore.getTime();
  return span <= SHORT_CERT_MS + SIGNER_BACKDATE_MS ? new Date(info.notBefore.getTime() + SIGNER_BACKDATE_MS) : info.notBefore;
}

/** A random rotation threshold in [20%, 25%] of the lifetime, as upstream picks it. */
export function rotationThreshold(): number {
  return 0.2 + randomInt(0, 5001) / 100_000;
}

/** When the certificate should be replaced: once `threshold` of its lifetime remains. */
export function rotationDeadline(info: CertificateInfo, threshold: number): Date {
  const start = issuedAt(info).getTime();
  const end = info.notAfter.getTime();
  return new Date(end - (end - start) * threshold);
}

export function isExpired(info: CertificateInfo, now = Date.now()): boolean {
  return now >= info.notAfter.getTime();
}
