// Where a controller's credentials come from: a kubeconfig file (optionally a named context), the in-cluster
// service account, or the embedded server's kubeconfig (context `hub` and one per virtual cluster).
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeConfigSource {
  /** Path of a kubeconfig file; when absent, $KUBECONFIG, ~/.kube/config, then the in-cluster service account. */
  file?: string;
  /** Context to use instead of the file's current-context. */
  context?: string;
  /** Use the pod's service account (KUBERNETES_SERVICE_HOST/PORT and /var/run/secrets/kubernetes.io/serviceaccount). */
  inCluster?: boolean;
  /** Prefix of the service account directory (tests, or a container whose root is mounted elsewhere). */
  serviceAccountPathPrefix?: string;
}

/** A KubeConfig with the chosen context current; throws naming the file and context when either is missing. */
export function loadKubeConfig(source: KubeConfigSource = {}): KubeConfig {
  if (source.inCluster) return loadInCluster(source.serviceAccountPathPrefix);
  const kc = new KubeConfig();
  if (source.file !== undefined) {
    if (!existsSync(source.file)) throw new Error(`kubeconfig ${source.file} does not exist`);
    try {
      kc.loadFromFile(source.file);
    } catch (err) {
      throw new Error(`kubeconfig ${source.file} could not be read: ${(err as Error).message}`);
    }
  } else {
    kc.loadFromDefault();
  }
  if (source.context !== undefined) useContext(kc, source.context, source.file ?? 'the default kubeconfig');
  if (!kc.getCurrentCluster()) {
    throw new Error(`kubeconfig ${source.file ?? '(default)'} has no current context with a cluster; pass a context name`);
  }
  return kc;
}

export function loadInCluster(pathPrefix = ''): KubeConfig {
  if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
    throw new Error('not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set; pass a kubeconfig instead');
  }
  const tokenFile = `${pathPrefix}/var/run/secrets/kubernetes.io/serviceaccount/token`;
  if (!existsSync(tokenFile)) throw new Error(`in-cluster config: service account token ${tokenFile} does not exist`);
  const kc = new KubeConfig();
  kc.loadFromCluster(pathPrefix);
  return kc;
}

/** Parses kubeconfig YAML (a bootstrap kubeconfig kept in a Secret, say). */
export function kubeConfigFromString(yaml: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  if (context !== undefined) useContext(kc, context, 'the given kubeconfig');
  return kc;
}

/** A copy of `kc` whose current context is `context` (the original is left unchanged). */
export function withContext(kc: KubeConfig, context: string): KubeConfig {
  const copy = new KubeConfig();
  copy.loadFromOptions({ clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: kc.currentContext });
  useContext(copy, context, 'the kubeconfig');
  return copy;
}

/**
 * The embedded server's kubeconfig as one KubeConfig per context: `hub` and one per virtual cluster.
 * Re-read it after clusters are added: the server rewrites the file.
 */
export function embeddedContexts(kubeconfigPath: string): Map<string, KubeConfig> {
  const base = loadKubeConfig({ file: kubeconfigPath });
  const out = new Map<string, KubeConfig>();
  for (const ctx of base.getContexts()) out.set(ctx.name, withContext(base, ctx.name));
  return out;
}

/** The API server URL of the current context. */
export function serverUrl(kc: KubeConfig): string {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig context ${kc.getCurrentContext() || '(none)'} names no cluster`);
  return cluster.server;
}

function useContext(kc: KubeConfig, context: string, where: string): void {
  if (!kc.getContextObject(context)) {
    const known = kc.getContexts().map((c) => c.name);
    throw new Error(`context ${context} is not in ${where} (contexts: ${known.join(', ') || 'none'})`);
  }
  kc.setCurrentContext(context);
}
