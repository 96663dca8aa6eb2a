// Installs the API contract (crds/) into a hub over HTTPS, as `kubectl apply --server-side -f crds/` would,
// and waits until every CRD is Established. Works against the embedded server and any real cluster.
import * as k8s from '@kubernetes/client-node';
import { loadCrds } from '../../api/crd-files.ts';
import { KubeClient, customResourceDefinitionResource } from '../../kube/index.ts';

const FIELD_MANAGER = 'ocm-installer';

function established(crd: k8s.V1CustomResourceDefinition): boolean {
  return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
}

export async function installCrds(kc: k8s.KubeConfig, options: { timeoutMs?: number } = {}): Promise<string[]> {
  const api = kc.makeApiClient(k8s.ApiextensionsV1Api);
  const names: string[] = [];
  // sent as raw JSON: client-node's typed serializer drops schema keys such as x-kubernetes-int-or-string
  const client = new KubeClient(kc);
  try {
    const crds = client.resource(customResourceDefinitionResource);
    for (const { crd } of loadCrds()) {
      await crds.apply(crd as never, { fieldManager: FIELD_MANAGER, force: true });
      names.push(crd.metadata.name);
    }
  } finally {
    client.close();
  }
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (const name of names) {
    for (;;) {
      const crd = await api.readCustomResourceDefinition({ name });
      if (established(crd)) break;
      if (Date.now() > deadline) throw new Error(`CustomResourceDefinition ${name} did not become Established`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return names;
}
