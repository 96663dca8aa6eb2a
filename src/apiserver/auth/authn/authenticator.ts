// kube-apiserver's authentication chain: union(x509, bearer(union(bootstrap token, service account token))), the
// authenticated-group adder, then anonymous only when nothing was presented at all (spec/security.md §1.1).
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Store } from '../../storage/types.ts';
import { authenticateBootstrapToken } from './bootstrap-token.ts';
import type { ServiceAccountTokens } from './service-account-token.ts';
import { ANONYMOUS_USER, withAuthenticatedGroup } from './user.ts';
import type { AuthnOutcome, UserInfo } from './user.ts';
import { authenticateCertificate } from './x509.ts';

export type RequestIdentity =
  | { kind: 'user'; user: UserInfo }
  | { kind: 'anonymous'; user: UserInfo }
  | { kind: 'failed'; errors: string[] };

/** The token of an `Authorization: Bearer <token>` header; '' when there is none. */
export function bearerToken(header: string | undefined): string {
  if (!header) return '';
  const parts = header.trim().split(' ', 3);
  if (parts.length < 2 || parts[0].toLowerCase() !== 'bearer') return '';
  return parts[1];
}

export class RequestAuthenticator {
  private readonly store: Store;
  private readonly saTokens: ServiceAccountTokens;

  constructor(store: Store, saTokens: ServiceAccountTokens) {
    this.store = store;
    this.saTokens = saTokens;
  }

  /** The token authenticators' union, as TokenReview and the bearer layer use it. */
  authenticateToken(cluster: string, token: string, audiences?: string[]): AuthnOutcome {
    const errors: string[] = [];
    for (const outcome of [authenticateBootstrapToken(this.store, cluster, token), this.saTokens.authenticate(this.store, cluster, token, audiences)]) {
      if (outcome === undefined) continue;
      if ('user' in outcome) return outcome;
      errors.push(outcome.error);
    }
    return { error: errors.length > 0 ? errors.join(', ') : 'invalid bearer token' };
  }

  authenticate(req: IncomingMessage, cluster: string): RequestIdentity {
    const errors: string[] = [];
    const cert = authenticateCertificate(req.socket as TLSSocket);
    if (cert && 'user' in cert) return { kind: 'user', user: withAuthenticatedGroup(cert.user) };
    if (cert) errors.push(cert.error);
    const token = bearerToken(req.headers.authorization);
    if (token !== '') {
      const outcome = this.authenticateToken(cluster, token);
      if (outcome && 'user' in outcome) return { kind: 'user', user: withAuthenticatedGroup(outcome.user) };
      if (outcome) errors.push(outcome.error);
    }
    // a credential that was presented and failed never falls back to anonymous
    if (errors.length > 0) return { kind: 'failed', errors };
    return { kind: 'anonymous', user: ANONYMOUS_USER };
  }
}
