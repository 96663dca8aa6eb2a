import { describe, expect, it } from 'vitest';
import { sumQuantities, parseQuantity } from '../../src/agent/registration/quantity.ts';
import { selectClaims } from '../../src/agent/registration/cluster-facts.ts';
import { certificateInfo, rotationDeadline } from '../../src/agent/registration/credentials.ts';
import { bootstrapKubeConfig } from '../../src/agent/registration/kubeconfigs.ts';
import type { ClusterClaim } from '../../src/api/index.ts';

const claim = (name: string, value: string, spokeOnly = false): ClusterClaim => ({
  apiVersion: 'cluster.open-cluster-management.io/v1alpha1', kind: 'ClusterClaim',
  metadata: { name, ...(spokeOnly ? { labels: { 'open-cluster-management.io/spoke-only': '' } } : {}) }, spec: { value },
});

describe('cluster facts', () => {
  it('sums Node quantities in their units', () => {
    expect(sumQuantities([{ cpu: '4', memory: '16Gi', pods: '110' }, { cpu: '500m', memory: '512Mi', pods: '110' }, undefined]))
      .toEqual({ cpu: '4500m', memory: '16896Mi', pods: '220' });
    expect(sumQuantities([{ memory: '1G' }, { memory: '500M' }])).toEqual({ memory: '1500000000' });
    expect(parseQuantity('12x')).toBeUndefined();
  });

  it('reports reserved claims first, then up to 20 custom claims by name, never spoke-only ones', () => {
    const custom = Array.from({ length: 25 }, (_, i) => claim(`c${String(i).padStart(2, '0')}.example.com`, String(i)));
    const out = selectClaims([...custom, claim('platform.open-cluster-management.io', 'Other'), claim('id.k8s.io', 'x'), claim('hidden.example.com', 'h', true)]);
    expect(out.slice(0, 2)).toEqual([{ name: 'id.k8s.io', value: 'x' }, { name: 'platform.open-cluster-management.io', value: 'Other' }]);
    expect(out).toHaveLength(22);
    expect(out.at(-1)).toEqual({ name: 'c19.example.com', value: '19' });
    expect(out.some((c) => c.name === 'hidden.example.com')).toBe(false);
  });

  it('rejects a malformed hub token with a clear message', () => {
    expect(() => bootstrapKubeConfig({ server: 'https://hub:6443' }, 'not-a-token')).toThrow(/hub token must look like/);
  });

  it('does not parse garbage as a certificate, and rotates at the threshold of the issued lifetime', () => {
    expect(certificateInfo('not a cert')).toBeUndefined();
    // a 100 s certificate backdated 5 minutes by the signer: rotation is measured from issue, not from notBefore
    const issued = Date.parse('2026-01-01T00:00:00Z');
    const info = { commonName: 'x', notBefore: new Date(issued - 300_000), notAfter: new Date(issued + 100_000) };
    expect(rotationDeadline(info, 0.2).toISOString()).toBe('2026-01-01T00:01:20.000Z');
  });
});
