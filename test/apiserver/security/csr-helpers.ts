// Real PKCS#10 requests for CSR tests: a fresh P-256 key and a CSR over it, as the klusterlet creates them.
import { webcrypto } from 'node:crypto';
import '../../../src/apiserver/auth/pki.ts'; // installs the webcrypto provider @peculiar/x509 needs
import * as x509 from '@peculiar/x509';

export interface GeneratedCsr {
  /** spec.request: base64 of the PEM CERTIFICATE REQUEST */
  request: string;
  keyPem: string;
}

export async function generateCsr(commonName: string, organizations: string[] = []): Promise<GeneratedCsr> {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const name = [`CN=${commonName}`, ...organizations.map((o) => `O=${o}`)].join(', ');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys: keys as unknown as Parameters<typeof x509.Pkcs10CertificateRequestGenerator.create>[0]["keys"],
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { request: Buffer.from(csr.toString('pem')).toString('base64'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}
