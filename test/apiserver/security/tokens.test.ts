// Bearer tokens through client-node and raw HTTPS: bootstrap tokens (expiry, revocation) and service-account tokens
// from TokenRequest (dead once the ServiceAccount is deleted or the token expires), TokenReview, and kube's exact 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationV1Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { newBootstrapToken } from '../../../src/apiserver/auth/admin/bootstrap-tokens.ts';
import { ServiceAccountTokens } from '../../../src/apiserver/auth/authn/service-account-token.ts';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';
import { attempt, certIdentity, tokenIdentity } from './harness.ts';

const RBAC = 'rbac.authorization.k8s.io';
const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

describe('bearer tokens', () => {
  let t: TestServer;
  let core: CoreV1Api;

  const bearer = (token: string, path = '/api/v1/namespaces/apps/configmaps') =>
    t.raw('GET', path, { cert: false, headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await startTestServer();
    core = t.kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'apps' } } });
    await t.kc.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({ namespace: 'apps', body: {
      metadata: { name: 'robot-view' }, subjects: [{ kind: 'ServiceAccount', name: 'robot' }],
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
    } });
  });

  afterAll(async () => {
    await t.stop();
  });

  it('answers 401 with kube\'s exact Status for unknown, malformed and expired credentials, never falling back to anonymous', async () => {
    for (const token of ['abcdef.0123456789abcdef', 'not-a-token', 'a.b.c']) {
      const r = await bearer(token, '/version');
      expect(r.status).toBe(401);
      expect(r.json()).toEqual(UNAUTHORIZED);
      expect(r.headers['www-authenticate']).toBeUndefined();
    }
    const anonymous = await t.raw('GET', '/api/v1/namespaces', { cert: false });
    expect(anonymous.status).toBe(401);
    expect((await t.raw('GET', '/healthz', { cert: false })).status).toBe(200);
  });

  it('authenticates bootstrap tokens until they expire or their Secret goes', async () => {
    const live = newBootstrapToken(3_600_000, ['system:bootstrappers:managedcluster']);
    await core.createNamespacedSecret({ namespace: 'kube-system', body: live.secret });
    const kc = (await tokenIdentity(t, live.token)).kc;
    const who = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(who.status?.userInfo).toEqual({
      username: `system:bootstrap:${live.token.split('.')[0]}`,
      groups: ['system:bootstrappers', 'system:bootstrappers:managedcluster', 'system:authenticated'],
    });
    // a token with the right id but a wrong secret is refused
    expect((await bearer(`${live.token.split('.')[0]}.zzzzzzzzzzzzzzzz`, '/apis')).status).toBe(401);
    const expired = newBootstrapToken(3_600_000, []);
    const data = expired.secret.data as Record<string, string>;
    data.expiration = Buffer.from(new Date(Date.now() - 1000).toISOString()).toString('base64');
    await core.createNamespacedSecret({ namespace: 'kube-system', body: expired.secret });
    expect((await bearer(expired.token, '/apis')).json()).toEqual(UNAUTHORIZED);
    await core.deleteNamespacedSecret({ name: String((live.secret.metadata as { name: string }).name), namespace: 'kube-system' });
    expect((await bearer(live.token, '/apis')).status).toBe(401);
  });

  it('issues service-account tokens through TokenRequest that die with their ServiceAccount', async () => {
    await core.createNamespacedServiceAccount({ namespace: 'apps', body: { metadata: { name: 'robot' } } });
    const tr = await core.createNamespacedServiceAccountToken({ name: 'robot', namespace: 'apps', body: { spec: { expirationSeconds: 3600 } } });
    const token = tr.status!.token!;
    expect(Date.parse(String(tr.status!.expirationTimestamp)) - Date.now()).toBeGreaterThan(3500_000);
    const robot = (await tokenIdentity(t, token)).kc;
    const who = await robot.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(who.status?.userInfo?.username).toBe('system:serviceaccount:apps:robot');
    expect(who.status?.userInfo?.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:apps', 'system:authenticated']);
    expect(await attempt(() => robot.makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: 'apps' }))).toBe('allow');
    expect(await attempt(() => robot.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace: 'apps' }))).toBe('deny');
    // TokenReview (as the admin) sees the same identity
    const review = await t.kc.makeApiClient(AuthenticationV1Api).createTokenReview({ body: { spec: { token } } });
    expect(review.status).toMatchObject({ authenticated: true, user: { username: 'system:serviceaccount:apps:robot' } });

    await core.deleteNamespacedServiceAccount({ name: 'robot', namespace: 'apps' });
    expect((await bearer(token)).json()).toEqual(UNAUTHORIZED);
    // a new ServiceAccount of the same name has a new uid: the old token stays dead
    await core.createNamespacedServiceAccount({ namespace: 'apps', body: { metadata: { name: 'robot' } } });
    expect((await bearer(token)).status).toBe(401);
    const fresh = await core.createNamespacedServiceAccountToken({ name: 'robot', namespace: 'apps', body: { spec: {} } });
    expect((await bearer(fresh.status!.token!)).status).toBe(200);
    const review2 = await t.kc.makeApiClient(AuthenticationV1Api).createTokenReview({ body: { spec: { token } } });
    expect(review2.status?.authenticated).toBe(false);
  });

  it('rejects expired service-account tokens and short TokenRequests; TokenRequest needs serviceaccounts/token', async () => {
    await core.createNamespacedServiceAccount({ namespace: 'apps', body: { metadata: { name: 'old' } } });
    const sa = await core.readNamespacedServiceAccount({ name: 'old', namespace: 'apps' });
    const signer = await ServiceAccountTokens.open(t.dataDir);
    const iat = Math.floor(Date.now() / 1000) - 7200;
    const stale = signer.issue({ sub: 'system:serviceaccount:apps:old', aud: signer.audiences, iat, nbf: iat, exp: iat + 600,
      'kubernetes.io': { namespace: 'apps', serviceaccount: { name: 'old', uid: sa.metadata!.uid! } } });
    expect((await bearer(stale, '/apis')).json()).toEqual(UNAUTHORIZED);
    const short = await core.createNamespacedServiceAccountToken({ name: 'old', namespace: 'apps', body: { spec: { expirationSeconds: 60 } } })
      .catch((e: unknown) => e);
    expect(JSON.parse((short as { body: string }).body)).toMatchObject({ code: 422,
      message: 'TokenRequest.authentication.k8s.io "old" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes' });
    const nobody = (await certIdentity(t, 'nobody')).kc.makeApiClient(CoreV1Api);
    expect(await attempt(() => nobody.createNamespacedServiceAccountToken({ name: 'old', namespace: 'apps', body: { spec: {} } }))).toBe('deny');
  });
});
