// Client-certificate authentication. TLS (OpenSSL, with our CA as the only trust anchor) verifies the chain during the
// handshake; this module maps a verified leaf to a user (CN = name, every O = a group) and re-checks what can change
// while a keep-alive connection stays open: the validity period.
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { CREDENTIAL_ID } from './user.ts';
import type { AuthnOutcome, UserInfo } from './user.ts';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EKU = '2.5.29.37.0';

interface SocketIdentity {
  outcome: AuthnOutcome;
  notBefore: number;
  notAfter: number;
}

/** One verification per TLS connection: keep-alive clients send many requests over one session. */
const identities = new WeakMap<TLSSocket, SocketIdentity>();

/** kube names the certificate by serial number in its error text. */
function describe(cert: PeerCertificate): string {
  return `SN=${BigInt(`0x${cert.serialNumber || '0'}`).toString()}`;
}

function values(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function identify(socket: TLSSocket): SocketIdentity {
  const cert = socket.getPeerCertificate?.();
  if (!cert || Object.keys(cert).length === 0) return { outcome: undefined, notBefore: 0, notAfter: Infinity };
  const notBefore = Date.parse(cert.valid_from);
  const notAfter = Date.parse(cert.valid_to);
  if (!socket.authorized) {
    const why = String(socket.authorizationError ?? 'certificate signed by unknown authority');
    return { outcome: { error: `verifying certificate ${describe(cert)} failed: x509: ${why}` }, notBefore, notAfter };
  }
  // Go's rule: an absent EKU extension, or one listing anyExtendedKeyUsage, also passes
  const eku = cert.ext_key_usage;
  if (eku && eku.length > 0 && !eku.includes(CLIENT_AUTH) && !eku.includes(ANY_EKU)) {
    return { outcome: { error: `verifying certificate ${describe(cert)} failed: x509: certificate specifies an incompatible key usage` }, notBefore, notAfter };
  }
  const cn = values(cert.subject?.CN)[0] ?? '';
  if (cn === '') return { outcome: undefined, notBefore, notAfter };
  const fingerprint = (cert.fingerprint256 ?? '').replace(/:/g, '').toLowerCase();
  const user: UserInfo = { username: cn, groups: values(cert.subject?.O), extra: { [CREDENTIAL_ID]: [`X509SHA256=${fingerprint}`] } };
  return { outcome: { user }, notBefore, notAfter };
}

/** The user the connection's client certificate stands for, an error when it does not verify, or undefined without one. */
export function authenticateCertificate(socket: TLSSocket, now = Date.now()): AuthnOutcome {
  let id = identities.get(socket);
  if (!id) {
    id = identify(socket);
    identities.set(socket, id);
  }
  if (id.outcome && 'user' in id.outcome && (now > id.notAfter || now < id.notBefore)) {
    return { error: 'verifying certificate failed: x509: certificate has expired or is not yet valid' };
  }
  return id.outcome;
}
