// The hub kubeconfig of admin commands: --kubeconfig and --context, else $KUBECONFIG / ~/.kube/config; the embedded
// server's kubeconfig (contexts hub, cluster1, ...) defaults to its `hub` context.
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '../kube/index.ts';

export function hubKubeConfigFrom(opts: { kubeconfig?: string; context?: string }): KubeConfig {
  const kc = loadKubeConfig({ file: opts.kubeconfig, context: opts.context });
  if (opts.context === undefined && kc.getContextObject('hub') && kc.getCurrentContext() !== 'hub') kc.setCurrentContext('hub');
  return kc;
}
