// Installs the API contract (crds/) into a hub over HTTPS, as `kubectl apply --server-side -f crds/` would,
// and waits until every CRD is Established. Works against the embedded server and any real cluster.
import * as k8s from '@kubernetes/client-node';
import { loadCrds } from '../../api/crd-files.ts';

const FIELD_MANAGER = 'ocm-installer';

function established(crd: k8s.V1CustomResourceDefinition): boolean {
  return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
}

export async function installCrds(kc: k8s.KubeConfig, options: { timeoutMs?: number } = {}): Promise<string[]> {
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  const api = kc.makeApiClient(k8s.ApiextensionsV1Api);
  const names: string[] = [];
  for (const { crd } of loadCrds()) {
    await objects.patch(crd as k8s.KubernetesObject, undefined, undefined, FIELD_MANAGER, true, k8s.PatchStrategy.ServerSideApply);
    names.push(crd.metadata.name);
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
