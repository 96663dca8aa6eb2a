// Test webhook servers: real HTTPS servers with their own CA, answering AdmissionReviews with whatever the test's
// handler decides, and remembering every review they received.
import { randomUUID, webcrypto } from 'node:crypto';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { issueCertificate } from '../../../src/apiserver/auth/pki.ts';
import type { KeyPairPem } from '../../../src/apiserver/auth/pki.ts';
import * as x509 from '@peculiar/x509';

type Obj = Record<string, any>;

export interface ReviewAnswer {
  allowed: boolean;
  status?: Obj;
  /** JSONPatch operations (sent base64 with patchType JSONPatch). */
  patch?: unknown[];
  warnings?: string[];
  /** Wait this long before answering (timeout tests). */
  delayMs?: number;
  /** Replace the whole response body (invalid-response tests). */
  rawBody?: unknown;
}

export type ReviewHandler = (request: Obj, path: string) => ReviewAnswer;

export interface WebhookServer {
  url: string;
  port: number;
  /** base64 PEM of the CA, ready for clientConfig.caBundle. */
  caBundle: string;
  /** Every AdmissionReview request received, with the path (including ?timeout=) it was posted to. */
  received: { path: string; review: Obj }[];
  setHandler(handler: ReviewHandler): void;
  close(): Promise<void>;
}

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' };

export async function createTestCa(): Promise<KeyPairPem> {
  const keys = (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomUUID().replace(/-/g, '').slice(0, 16).replace(/^[89a-f]/, '1'),
    name: `CN=webhook-test-ca-${randomUUID()}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3_600_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    keys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  return { certPem: cert.toString('pem'), keyPem };
}

/** An HTTPS webhook server on a random loopback port; its certificate names 127.0.0.1, localhost and `dnsNames`. */
export async function startWebhookServer(options: { ca?: KeyPairPem; dnsNames?: string[] } = {}): Promise<WebhookServer> {
  const ca = options.ca ?? await createTestCa();
  const serving = await issueCertificate(ca, {
    commonName: 'webhook', usage: 'server', dnsNames: ['localhost', ...(options.dnsNames ?? [])], ipAddresses: ['127.0.0.1'],
  });
  let handler: ReviewHandler = () => ({ allowed: true });
  const received: WebhookServer['received'] = [];
  const server: Server = createServer({ key: serving.keyPem, cert: serving.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Obj;
      const path = req.url ?? '/';
      received.push({ path, review });
      const answer = handler(review.request as Obj, path);
      const response: Obj = { uid: review.request.uid, allowed: answer.allowed };
      if (answer.status) response.status = answer.status;
      if (answer.warnings) response.warnings = answer.warnings;
      if (answer.patch) {
        response.patchType = 'JSONPatch';
        response.patch = Buffer.from(JSON.stringify(answer.patch)).toString('base64');
      }
      const body = JSON.stringify(answer.rawBody ?? { apiVersion: review.apiVersion, kind: 'AdmissionReview', response });
      const send = (): void => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caBundle: Buffer.from(ca.certPem).toString('base64'),
    received,
    setHandler: (h) => { handler = h; },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
