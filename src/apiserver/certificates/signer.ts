// The built-in `kubernetes.io/kube-apiserver-client` signer (kube-controller-manager's csrsigning, spec §3.6): signs
// approved CSRs with the server's CA — the CA TLS trusts for client certificates — so issued certificates log in.
import { webcrypto } from 'node:crypto';
import '../auth/pki.ts'; // installs the webcrypto provider @peculiar/x509 needs
import * as x509 from '@peculiar/x509';
import type { KeyPairPem } from '../auth/pki.ts';
import type { ObjectKey, Store, StoreEvent, Watcher } from '../storage/types.ts';
import { StorageError } from '../storage/types.ts';
import { KUBE_APISERVER_CLIENT, CSR_GROUP } from './csr-hooks.ts';
import { parseCertificateRequest } from './csr-request.ts';

type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const DEFAULT_TTL_S = 8760 * 3600;
const ALLOWED_USAGES = new Set(['digital signature', 'key encipherment', 'client auth']);

export interface SignerOptions {
  /** Shortest certificate the signer issues (kube: 600 s); tests lower it to watch certificates expire. */
  minExpirationSeconds: number;
  onError?: (err: unknown) => void;
}

function conditions(obj: Obj): Obj[] {
  const c = asObj(obj.status).conditions;
  return Array.isArray(c) ? (c as Obj[]) : [];
}

/** Approved, not denied or failed, no certificate yet, and ours. */
function eligible(obj: Obj): boolean {
  const types = new Set(conditions(obj).filter((c) => c.status === 'True').map((c) => c.type));
  return asObj(obj.spec).signerName === KUBE_APISERVER_CLIENT && types.has('Approved') && !types.has('Denied') && !types.has('Failed') &&
    !asObj(obj.status).certificate;
}

function usageProblem(usages: string[]): string | undefined {
  for (const u of usages) if (!ALLOWED_USAGES.has(u)) return `invalid usage for client certificate: ${u}`;
  if (!usages.includes('client auth')) return 'missing required usage for client certificate: client auth';
  return undefined;
}

export class KubeApiserverClientSigner {
  private readonly store: Store;
  private readonly ca: KeyPairPem;
  private readonly opts: SignerOptions;
  private readonly watcher: Watcher;
  private readonly inFlight = new Set<string>();
  private caKey?: Promise<webcrypto.CryptoKey>;

  constructor(store: Store, ca: KeyPairPem, opts: SignerOptions, clusters: string[] = []) {
    this.store = store;
    this.ca = ca;
    this.opts = opts;
    this.watcher = store.watchAll((e) => this.observe(e));
    // CSRs approved while the server was down
    for (const cluster of clusters) {
      for (const item of store.list({ cluster, group: CSR_GROUP, resource: 'certificatesigningrequests' }).items) {
        this.consider(item.key, item.json);
      }
    }
  }

  private observe(e: StoreEvent): void {
    if (e.type === 'DELETED' || e.key.group !== CSR_GROUP || e.key.resource !== 'certificatesigningrequests') return;
    this.consider(e.key, e.json);
  }

  private consider(key: ObjectKey, json: string): void {
    if (!json.includes('"Approved"')) return;
    const id = `${key.cluster}/${key.name}`;
    if (this.inFlight.has(id) || !eligible(JSON.parse(json) as Obj)) return;
    this.inFlight.add(id);
    // sign after the current write's fan-out: never write from inside a store callback
    setImmediate(() => {
      this.sign(key)
        .catch((err: unknown) => this.opts.onError?.(err))
        .finally(() => this.inFlight.delete(id));
    });
  }

  private async sign(key: ObjectKey): Promise<void> {
    const stored = this.store.get(key);
    if (!stored) return;
    const obj = JSON.parse(stored.json) as Obj;
    if (!eligible(obj)) return;
    const spec = asObj(obj.spec);
    const status = asObj(obj.status);
    const usages = Array.isArray(spec.usages) ? spec.usages.map(String) : [];
    const problem = usageProblem(usages);
    let next: Obj;
    if (problem) {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const failed = { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: problem, lastUpdateTime: now, lastTransitionTime: now };
      next = { ...obj, status: { ...status, conditions: [...conditions(obj), failed] } };
    } else {
      const pem = await this.issue(spec, usages);
      next = { ...obj, status: { ...status, certificate: Buffer.from(pem).toString('base64') } };
    }
    try {
      this.store.update(key, next, stored.revision);
    } catch (err) {
      // changed meanwhile: the resulting watch event brings it back here
      if (!(err instanceof StorageError && (err.reason === 'Conflict' || err.reason === 'NotFound'))) throw err;
    }
  }

  private async issue(spec: Obj, usages: string[]): Promise<string> {
    const csr = parseCertificateRequest(spec.request);
    const caCert = new x509.X509Certificate(this.ca.certPem);
    this.caKey ??= webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(this.ca.keyPem)[0], { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const requested = typeof spec.expirationSeconds === 'number' ? spec.expirationSeconds : undefined;
    const ttlS = requested === undefined ? DEFAULT_TTL_S : Math.max(Math.min(requested, DEFAULT_TTL_S), this.opts.minExpirationSeconds);
    const now = Date.now();
    if (caCert.notAfter.getTime() < now) throw new Error(`the signer has expired: NotAfter=${caCert.notAfter.toISOString()}`);
    const notBefore = new Date(now - 5 * 60_000);
    let notAfter = new Date(ttlS < 8 * 3600 ? now + ttlS * 1000 : now + ttlS * 1000 - 5 * 60_000);
    if (notAfter > caCert.notAfter) notAfter = caCert.notAfter;
    let keyUsage = 0;
    if (usages.includes('digital signature') || usages.includes('signing')) keyUsage |= x509.KeyUsageFlags.digitalSignature;
    if (usages.includes('key encipherment')) keyUsage |= x509.KeyUsageFlags.keyEncipherment;
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
    ];
    if (keyUsage) extensions.push(new x509.KeyUsagesExtension(keyUsage, true));
    const san = csr.extensions.find((e) => e.type === '2.5.29.17');
    if (san) extensions.push(san);
    const serial = webcrypto.getRandomValues(new Uint8Array(16));
    serial[0] &= 0x7f;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: Buffer.from(serial).toString('hex'),
      subject: csr.subjectName,
      issuer: caCert.subject,
      notBefore,
      notAfter,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey: await csr.publicKey.export(),
      signingKey: await this.caKey,
      extensions,
    });
    return cert.toString('pem');
  }

  close(): void {
    this.watcher.stop();
  }
}
