// The CSR approver: renewals of an accepted cluster are approved at once, first CSRs wait for the admin, CSRs that are
// not a klusterlet's are left alone, and the auto-approve list plus auto-accept let a demo hub take clusters in alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedClusterResource } from '../../src/api/index.ts';
import type { ManagedCluster } from '../../src/api/index.ts';
import { csrResource, eventResource, findCondition } from '../../src/kube/index.ts';
import type { CoreEvent, KubeClient } from '../../src/kube/index.ts';
import type { CertificateSigningRequest } from '../../src/hub/registration/resources.ts';
import { createAgentCsr, eventually, joinCluster, newManagedCluster, startHub } from './support.ts';
import type { Hub } from './support.ts';

const approved = (csr: CertificateSigningRequest): boolean => (csr.status?.conditions ?? []).some((c) => c.type === 'Approved' && c.status === 'True');

describe('CSR approver (default options)', () => {
  let hub: Hub;
  let agent: KubeClient;
  beforeAll(async () => {
    hub = await startHub();
    agent = await joinCluster(hub, 'r1');
  });
  afterAll(async () => {
    await hub?.stop();
  });
  const csrs = () => hub.admin.resource<CertificateSigningRequest>(csrResource);

  it('approves a renewal made with the cluster\'s own certificate, with an event, and the signer issues it', async () => {
    const renewal = await createAgentCsr(agent, 'r1');
    const csr = await eventually(async () => {
      const c = await csrs().get(renewal.name);
      return c.status?.certificate ? c : undefined;
    }, 15_000, 'renewal issued');
    expect(csr.status?.conditions?.find((c) => c.type === 'Approved')).toMatchObject({ status: 'True', reason: 'AutoApprovedByHubCSRApprovingController' });
    await eventually(async () => {
      const events = await hub.admin.resource<CoreEvent>(eventResource).list({ namespace: 'default' });
      return events.items.some((e) => e.reason === 'ManagedClusterCSRAutoApproved' && e.involvedObject.name === renewal.name);
    }, 10_000, 'ManagedClusterCSRAutoApproved event');
  });

  it('leaves first CSRs from the bootstrap identity and CSRs whose label names another cluster to the admin', async () => {
    const bootstrap = hub.clientFor({ token: hub.token });
    await bootstrap.resource<ManagedCluster>(managedClusterResource).create(newManagedCluster('r2'));
    const first = await createAgentCsr(bootstrap, 'r2');
    const mislabelled = await createAgentCsr(agent, 'r1', 'agent1', { label: 'r2' });
    // a renewal queued after them is approved: by then the approver has seen both and left them pending
    const renewal = await createAgentCsr(agent, 'r1');
    await eventually(async () => approved(await csrs().get(renewal.name)), 15_000, 'renewal approved');
    expect(approved(await csrs().get(first.name))).toBe(false);
    expect(approved(await csrs().get(mislabelled.name))).toBe(false);
  });
});

describe('CSR approver with auto-approve users and auto-accept', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ controllers: { autoApproveUsers: ['system:bootstrap:ocmhub'], autoAccept: true } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('approves the bootstrap identity\'s first CSR and accepts the new cluster, stamping the annotation', async () => {
    const bootstrap = hub.clientFor({ token: hub.token });
    await bootstrap.resource<ManagedCluster>(managedClusterResource).create(newManagedCluster('a1'));
    const csr = await createAgentCsr(bootstrap, 'a1');
    await eventually(async () => (await hub.admin.resource<CertificateSigningRequest>(csrResource).get(csr.name)).status?.certificate, 15_000, 'first CSR issued');
    const mc = await eventually(async () => {
      const m = await hub.admin.resource<ManagedCluster>(managedClusterResource).get('a1');
      return findCondition(m.status?.conditions, 'HubAcceptedManagedCluster')?.status === 'True' ? m : undefined;
    }, 15_000, 'a1 accepted');
    expect(mc.spec?.hubAcceptsClient).toBe(true);
    expect(Date.parse(mc.metadata.annotations?.['open-cluster-management.io/automatically-accepted-on'] ?? '')).not.toBeNaN();
  });

  it('accepts only once: an admin who later denies the cluster is not overruled', async () => {
    const api = hub.admin.resource<ManagedCluster>(managedClusterResource);
    await eventually(async () => (await api.get('a1')).spec?.hubAcceptsClient, 15_000, 'a1 accepted');
    await api.patch('a1', { spec: { hubAcceptsClient: false } });
    await eventually(async () => findCondition((await api.get('a1')).status?.conditions, 'HubAcceptedManagedCluster')?.status === 'False', 15_000, 'a1 denied');
    expect((await api.get('a1')).spec?.hubAcceptsClient).toBe(false);
  });
});

describe('CSR approver with "*" auto-approval', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ controllers: { autoApproveUsers: ['*'] } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('approves first CSRs of bootstrap identities only: an agent cannot get another cluster\'s name', async () => {
    const agent = await joinCluster(hub, 'z1');
    const bootstrap = hub.clientFor({ token: hub.token });
    await bootstrap.resource<ManagedCluster>(managedClusterResource).create(newManagedCluster('z2'));
    const stolen = await createAgentCsr(agent, 'z2');
    const first = await createAgentCsr(bootstrap, 'z2');
    const csrs = hub.admin.resource<CertificateSigningRequest>(csrResource);
    await eventually(async () => approved(await csrs.get(first.name)), 15_000, 'bootstrap CSR approved');
    expect(approved(await csrs.get(stolen.name))).toBe(false);
  });
});
