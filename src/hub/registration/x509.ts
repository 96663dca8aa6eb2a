// X.509 work the hub does itself: reading the subject of a PKCS#10 request (CSR recognition) and minting a
// self-signed CA plus serving certificate for the admission webhook server.
import { randomBytes, webcrypto } from 'node:crypto';
import 'reflect-metadata'; // @peculiar/x509 (through tsyringe) needs the Reflect metadata API
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface CsrSubject {
  commonName: string;
  organizations: string[];
}

/** The subject of a base64-encoded PEM CERTIFICATE REQUEST (CSR spec.request); undefined when it does not parse. */
export function csrSubject(requestBase64: string): CsrSubject | undefined {
  try {
    const pem = Buffer.from(requestBase64, 'base64').toString('utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE REQUEST-----')) return undefined;
    const csr = new x509.Pkcs10CertificateRequest(pem);
    const name = csr.subjectName;
    return { commonName: name.getField('CN')[0] ?? '', organizations: name.getField('O') };
  } catch {
    return undefined;
  }
}

export interface ServingCertificate {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const EC: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGN: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

async function keyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

const serial = (): string => `01${randomBytes(15).toString('hex')}`;

/** A fresh CA and a certificate it signs for the given DNS names and IP addresses (valid for a year). */
export async function mintServingCertificate(dnsNames: string[], ipAddresses: string[]): Promise<ServingCertificate> {
  const notBefore = new Date(Date.now() - 5 * 60_000);
  const notAfter = new Date(Date.now() + 365 * 24 * 3_600_000);
  const caKeys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: `CN=ocm-hub-webhook-ca@${Math.floor(Date.now() / 1000)}`, notBefore, notAfter, signingAlgorithm: SIGN, keys: caKeys,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true)],
  });
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: 'CN=ocm-hub-webhook', issuer: ca.subject, notBefore, notAfter, signingAlgorithm: SIGN,
    publicKey: keys.publicKey, signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...dnsNames.map((value) => ({ type: 'dns' as const, value })), ...ipAddresses.map((value) => ({ type: 'ip' as const, value }))]),
    ],
  });
  return { caPem: ca.toString('pem'), certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}
