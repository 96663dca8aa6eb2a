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

  const columns = (kind: string, version?: string): string[] => {
    const crd = crds.find((c) => c.crd.spec.names.kind === kind)!.crd;
    const v = version ? crd.spec.versions.find((x) => x.name === version)! : crd.spec.versions.find((x) => x.storage)!;
    return (v.additionalPrinterColumns ?? []).map((c) => `${c.name}|${c.type}|${c.jsonPath}`);
  };

  it('has upstream printer columns', () => {
    expect(columns('ManagedCluster')).toEqual([
      'Hub Accepted|boolean|.spec.hubAcceptsClient',
      'Managed Cluster URLs|string|.spec.managedClusterClientConfigs[*].url',
      'Joined|string|.status.conditions[?(@.type=="ManagedClusterJoined")].status',
      'Available|string|.status.conditions[?(@.type=="ManagedClusterConditionAvailable")].status',
      'Age|date|.metadata.creationTimestamp',
    ]);
    expect(columns('ManagedClusterSet')).toEqual(['Empty|string|.status.conditions[?(@.type=="ClusterSetEmpty")].status', 'Age|date|.metadata.creationTimestamp']);
    expect(columns('Placement')).toEqual([
      'Succeeded|string|.status.conditions[?(@.type=="PlacementSatisfied")].status',
      'Reason|string|.status.conditions[?(@.type=="PlacementSatisfied")].reason',
      'SelectedClusters|integer|.status.numberOfSelectedClusters',
    ]);
    expect(columns('Policy')).toEqual(['Remediation action|string|.spec.remediationAction', 'Compliance state|string|.status.compliant', 'Age|date|.metadata.creationTimestamp']);
    expect(columns('PolicySet')).toEqual(['Compliance state|string|.status.compliant', 'Age|date|.metadata.creationTimestamp']);
    expect(columns('ConfigurationPolicy')).toEqual(['Compliance state|string|.status.compliant']);
    expect(columns('ManifestWorkReplicaSet')).toEqual([
      'Placement|string|.status.conditions[?(@.type=="PlacementVerified")].reason',
      'Found|string|.status.conditions[?(@.type=="PlacementVerified")].status',
      'ManifestWorks|string|.status.conditions[?(@.type=="ManifestworkApplied")].reason',
      'Applied|string|.status.conditions[?(@.type=="ManifestworkApplied")].status',
    ]);
    expect(columns('ClusterManagementAddOn', 'v1alpha1')).toEqual(['DISPLAY NAME|string|.spec.addOnMeta.displayName', 'CRD NAME|string|.spec.addOnConfiguration.crdName']);
    expect(columns('ClusterManagementAddOn', 'v1beta1')).toEqual(['DISPLAY NAME|string|.spec.addOnMeta.displayName']);
    expect(columns('ManagedClusterAddOn')).toEqual(
      ['Available', 'Degraded', 'Progressing'].map((t) => `${t}|string|.status.conditions[?(@.type=="${t}")].status`),
    );
    for (const kind of ['ManifestWork', 'AppliedManifestWork', 'PlacementBinding', 'PlacementDecision', 'ClusterClaim']) expect(columns(kind)).toEqual([]);
  });

  it('has upstream scopes, short names and status subresources', () => {
    const summary = Object.fromEntries(
      crds.map(({ crd }) => [
        crd.spec.names.kind,
        `${crd.spec.scope} [${(crd.spec.names.shortNames ?? []).join(',')}] ${crd.spec.versions.every((v) => v.subresources?.status) ? 'status' : '-'}`,
      ]),
    );
    expect(summary).toMatchObject({
      ManagedCluster: 'Cluster [mcl,mcls] status',
      ClusterClaim: 'Cluster [] -',
      ManagedClusterSet: 'Cluster [mclset,mclsets] status',
      ManagedClusterSetBinding: 'Namespaced [mclsetbinding,mclsetbindings] status',
      Placement: 'Namespaced [] status',
      ManifestWork: 'Namespaced [] status',
      AppliedManifestWork: 'Cluster [] status',
      ManifestWorkReplicaSet: 'Namespaced [mwrs] status',
      ClusterManagementAddOn: 'Cluster [cma,cmas] status',
      ManagedClusterAddOn: 'Namespaced [mca,mcas] status',
      Policy: 'Namespaced [plc] status',
      PlacementBinding: 'Namespaced [pb] status',
      PolicySet: 'Namespaced [plcset] status',
      PolicyAutomation: 'Namespaced [plca] status',
      ConfigurationPolicy: 'Namespaced [] status',
      RegoPolicy: 'Namespaced [rgp] status',
    });
  });

  it('labels the policy template kinds with policy-type=template', () => {
    const templates = crds.filter(({ crd }) => crd.metadata.labels?.['policy.open-cluster-management.io/policy-type'] === 'template');
    expect(templates.map(({ crd }) => crd.spec.names.kind).sort()).toEqual(['ConfigurationPolicy', 'RegoPolicy']);
  });

  it('serves ManagedClusterSet as v1beta2 (storage) and v1beta1', () => {
    const set = crds.find((c) => c.crd.spec.names.kind === 'ManagedClusterSet')!.crd;
    expect(set.spec.versions.map((v) => `${v.name}:${v.storage}`)).toEqual(['v1beta2:true', 'v1beta1:false']);
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
