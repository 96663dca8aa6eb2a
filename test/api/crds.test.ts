import { describe, expect, it } from 'vitest';
import { loadCrds } from '../../src/api/crd-files.ts';
import { checkCrdSchemas } from '../../src/apiserver/registry/schema/index.ts';

const crds = loadCrds();

describe('crds/', () => {
  it('has one CRD per kind of the contract', () => {
    const kinds = crds.map(({ crd }) => `${crd.spec.group}/${crd.spec.names.kind}`).sort();
    expect(kinds).toEqual([
      'addon.open-cluster-management.io/ClusterManagementAddOn',
      'addon.open-cluster-management.io/ManagedClusterAddOn',
      'cluster.open-cluster-management.io/AddOnPlacementScore',
      'cluster.open-cluster-management.io/ClusterClaim',
      'cluster.open-cluster-management.io/ManagedCluster',
      'cluster.open-cluster-management.io/ManagedClusterSet',
      'cluster.open-cluster-management.io/ManagedClusterSetBinding',
      'cluster.open-cluster-management.io/Placement',
      'cluster.open-cluster-management.io/PlacementDecision',
      'policy.ocm-ts.io/RegoPolicy',
      'policy.open-cluster-management.io/ConfigurationPolicy',
      'policy.open-cluster-management.io/PlacementBinding',
      'policy.open-cluster-management.io/Policy',
      'policy.open-cluster-management.io/PolicyAutomation',
      'policy.open-cluster-management.io/PolicySet',
      'templates.gatekeeper.sh/ConstraintTemplate',
      'work.open-cluster-management.io/AppliedManifestWork',
      'work.open-cluster-management.io/ManifestWork',
      'work.open-cluster-management.io/ManifestWorkReplicaSet',
    ].sort());
  });

  for (const { file, crd } of crds) {
    describe(file, () => {
      it('is named <plural>.<group> and file-named after it', () => {
        expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.${crd.spec.group}`);
        expect(file).toBe(`${crd.spec.group}_${crd.spec.names.plural}.yaml`);
        expect(crd.spec.names.listKind).toBe(`${crd.spec.names.kind}List`);
        expect(crd.spec.names.singular).toBe(crd.spec.names.kind.toLowerCase());
      });

      it('has exactly one storage version, all served', () => {
        expect(crd.spec.versions.filter((v) => v.storage)).toHaveLength(1);
        for (const v of crd.spec.versions) expect(v.served).toBe(true);
      });

      it('has structural schemas', () => {
        expect(checkCrdSchemas(crd)).toEqual([]);
      });
    });
  }
});
