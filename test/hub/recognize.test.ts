// Pure parts of the hub: which CSRs are a klusterlet's, and how the mutating webhook decides taint times.
import { describe, expect, it } from 'vitest';
import type { ManagedCluster } from '../../src/api/index.ts';
import { recognizeCsr } from '../../src/hub/registration/csr/recognize.ts';
import type { CertificateSigningRequest } from '../../src/hub/registration/resources.ts';
import { stampTaints } from '../../src/hub/webhook/managedcluster-mutate.ts';
import { generateCsr } from '../apiserver/security/csr-helpers.ts';

async function csr(cn: string, orgs: string[], label: string | undefined, signer = 'kubernetes.io/kube-apiserver-client'): Promise<CertificateSigningRequest> {
  const { request } = await generateCsr(cn, orgs);
  return { metadata: { name: 'x', labels: label ? { 'open-cluster-management.io/cluster-name': label } : {} }, spec: { request, signerName: signer } };
}

const ORGS = (c: string) => [`system:open-cluster-management:${c}`, 'system:open-cluster-management:managed-clusters'];

describe('recognizeCsr', () => {
  it('recognises the klusterlet shape and names the cluster and agent', async () => {
    expect(recognizeCsr(await csr('system:open-cluster-management:c1:a1', ORGS('c1'), 'c1'))).toEqual({ cluster: 'c1', agent: 'a1', commonName: 'system:open-cluster-management:c1:a1' });
  });

  it('rejects a missing or different label, another signer, foreign groups and malformed common names', async () => {
    expect(recognizeCsr(await csr('system:open-cluster-management:c1:a1', ORGS('c1'), undefined))).toBeUndefined();
    expect(recognizeCsr(await csr('system:open-cluster-management:c1:a1', ORGS('c1'), 'c2'))).toBeUndefined();
    expect(recognizeCsr(await csr('system:open-cluster-management:c1:a1', ORGS('c1'), 'c1', 'example.com/other'))).toBeUndefined();
    expect(recognizeCsr(await csr('system:open-cluster-management:c1:a1', [...ORGS('c1'), 'system:masters'], 'c1'))).toBeUndefined();
    expect(recognizeCsr(await csr('system:open-cluster-management:c1:a1', ORGS('c2'), 'c1'))).toBeUndefined();
    expect(recognizeCsr(await csr('system:open-cluster-management:c1', ORGS('c1'), 'c1'))).toBeUndefined();
    expect(recognizeCsr(await csr('system:open-cluster-management:c1:a1:x', ORGS('c1'), 'c1'))).toBeUndefined();
    expect(recognizeCsr(await csr('admin', ORGS('c1'), 'c1'))).toBeUndefined();
    expect(recognizeCsr({ metadata: { labels: { 'open-cluster-management.io/cluster-name': 'c1' } }, spec: { request: 'bm90IGEgY3Ny', signerName: 'kubernetes.io/kube-apiserver-client' } })).toBeUndefined();
  });
});

describe('stampTaints', () => {
  const NOW = '2030-01-01T00:00:00Z';
  const old: ManagedCluster = { apiVersion: 'cluster.open-cluster-management.io/v1', kind: 'ManagedCluster', metadata: { name: 'c' },
    spec: { taints: [{ key: 'a', effect: 'NoSelect', timeAdded: '2020-01-01T00:00:00Z' }] } };

  it('stamps a changed taint and keeps an unchanged one', () => {
    expect(stampTaints([{ key: 'a', effect: 'NoSelect', timeAdded: '2020-01-01T00:00:00Z' }, { key: 'b', effect: 'NoSelect' }], old, NOW))
      .toEqual([{ key: 'a', effect: 'NoSelect', timeAdded: '2020-01-01T00:00:00Z' }, { key: 'b', effect: 'NoSelect', timeAdded: NOW }]);
    expect(stampTaints([{ key: 'a', effect: 'PreferNoSelect' }], old, NOW)).toEqual([{ key: 'a', effect: 'PreferNoSelect', timeAdded: NOW }]);
  });

  it('refuses an unchanged taint that lost or changed its time, naming every offending key', () => {
    expect(() => stampTaints([{ key: 'a', effect: 'NoSelect' }, { key: 'b', effect: 'NoSelect', timeAdded: NOW }], old, NOW))
      .toThrow('It is not allowed to set TimeAdded of Taint "a,b".');
  });
});
