// Everything the request path needs for security, assembled once per server: authentication (x509, bootstrap and
// service-account tokens), per-virtual-cluster RBAC authorization with kube's 403s, the RBAC escalation guard, the
// review APIs, TokenRequest, the CSR strategy/admission and the kube-apiserver-client signer.
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { ApiError } from '../errors.ts';
import type { StatusDetails } from '../errors.ts';
import type { HookTable } from '../registry/hooks.ts';
import type { Store } from '../storage/types.ts';
import { installCsrHooks } from '../certificates/csr-hooks.ts';
import { KubeApiserverClientSigner } from '../certificates/signer.ts';
import { RequestAuthenticator } from './authn/authenticator.ts';
import type { RequestIdentity } from './authn/authenticator.ts';
import { ServiceAccountTokens } from './authn/service-account-token.ts';
import { ClusterRbac } from './cluster-rbac.ts';
import type { TlsMaterial } from './pki.ts';
import { forbiddenMessage, SYSTEM_MASTERS } from './rbac/authorizer.ts';
import { requestAttributes } from './rbac/request-info.ts';
import type { UserInfo } from './rbac/types.ts';
import { installRbacGuard, RbacGuard } from './rbac-guard.ts';
import { ReviewAnswerer } from './reviews.ts';
import type { ReviewContext } from './reviews.ts';
import { issueTokenRequest } from './token-request.ts';
import type { TokenRequestTarget } from './token-request.ts';

type Obj = Record<string, unknown>;

export interface SecurityOptions {
  /** RBAC authorization (default true). Off: every authenticated user may do anything (benchmarks compare both). */
  authorization?: boolean;
  /** Shortest CSR spec.expirationSeconds accepted and issued (default 600, as kube); tests lower it. */
  minCsrExpirationSeconds?: number;
}

export interface SecurityDeps {
  store: Store;
  dataDir: string;
  tls: TlsMaterial;
  hooks: HookTable;
  logger: Logger;
  /** Virtual clusters known at startup ('' = hub). */
  clusters: string[];
}

export class ApiSecurity {
  readonly rbac: ClusterRbac;
  readonly authn: RequestAuthenticator;
  readonly saTokens: ServiceAccountTokens;
  readonly authorization: boolean;
  private readonly reviews: ReviewAnswerer;
  private readonly signer: KubeApiserverClientSigner;
  private readonly store: Store;

  private constructor(deps: SecurityDeps, saTokens: ServiceAccountTokens, options: SecurityOptions) {
    const onError = (err: unknown): void => deps.logger.warn({ err }, 'security controller error');
    this.store = deps.store;
    this.authorization = options.authorization ?? true;
    this.saTokens = saTokens;
    this.rbac = new ClusterRbac(deps.store, onError);
    this.authn = new RequestAuthenticator(deps.store, saTokens);
    this.reviews = new ReviewAnswerer(this.rbac, this.authn);
    const enabled = (): boolean => this.authorization;
    installRbacGuard(deps.hooks, new RbacGuard(this.rbac, enabled));
    const minExpirationSeconds = options.minCsrExpirationSeconds ?? 600;
    installCsrHooks(deps.hooks, { rbac: this.rbac, authorization: enabled, minExpirationSeconds });
    this.signer = new KubeApiserverClientSigner(deps.store, deps.tls.ca, { minExpirationSeconds, onError }, deps.clusters);
    for (const cluster of deps.clusters) this.rbac.ensureDefaults(cluster);
  }

  static async open(deps: SecurityDeps, options: SecurityOptions = {}): Promise<ApiSecurity> {
    return new ApiSecurity(deps, await ServiceAccountTokens.open(deps.dataDir), options);
  }

  authenticate(req: IncomingMessage, cluster: string): RequestIdentity {
    return this.authn.authenticate(req, cluster);
  }

  /** undefined when allowed; otherwise the 403 Status kube would answer (spec §2.5). */
  authorize(user: UserInfo, method: string, path: string, query: URLSearchParams, cluster: string): ApiError | undefined {
    // system:masters needs no index: bulk writes by the admin do not pay for rebuilding it after every RBAC change
    if (!this.authorization || user.groups.includes(SYSTEM_MASTERS)) return undefined;
    const attrs = requestAttributes(method, path, query);
    const d = this.rbac.authorizer(cluster).authorize(user, attrs);
    if (d.decision === 'Allow') return undefined;
    let details: StatusDetails = {};
    if (attrs.resourceRequest) {
      details = { kind: attrs.resource };
      if (attrs.name) details = { name: attrs.name, ...(attrs.apiGroup ? { group: attrs.apiGroup } : {}), kind: attrs.resource };
      else if (attrs.apiGroup) details = { group: attrs.apiGroup, kind: attrs.resource };
    }
    return new ApiError(403, 'Forbidden', forbiddenMessage(user, attrs, d.reason), details);
  }

  answerReview(obj: Obj, ctx: ReviewContext): Obj {
    return this.reviews.answer(obj, ctx);
  }

  tokenRequest(target: TokenRequestTarget, body: Obj): Obj {
    return issueTokenRequest(this.store, this.saTokens, target, body);
  }

  /** Called when a virtual cluster goes away. */
  forgetCluster(cluster: string): void {
    this.rbac.forget(cluster);
  }

  close(): void {
    this.signer.close();
    this.rbac.close();
  }
}
