// Where a webhook is reached. `url` is used as given. A `service` reference is shown (and its certificate checked) as
// https://<name>.<namespace>.svc:<port><path> like kube; the embedded server has no cluster DNS or kube-proxy, so it
// connects to the Service's spec.externalName (type ExternalName) or spec.clusterIP, on the targetPort of the
// Service port whose `port` is the reference's port when that targetPort is a number, else on that port itself.
import type { Store } from '../storage/types.ts';
import { CallFailure } from './client.ts';
import type { Endpoint } from './client.ts';
import type { Webhook } from './config.ts';

type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export function endpointOf(hook: Webhook, cluster: string, store: Store): Endpoint {
  if (hook.url) return { url: hook.url };
  const svc = hook.service!;
  const path = svc.path ? (svc.path.startsWith('/') ? svc.path : `/${svc.path}`) : '/';
  const url = `https://${svc.name}.${svc.namespace}.svc:${svc.port}${path}`;
  const failed = (why: string): CallFailure => new CallFailure(`failed to call webhook: Post "${url}?timeout=${hook.timeoutSeconds}s": ${why}`);
  const stored = store.get({ cluster, group: '', resource: 'services', namespace: svc.namespace, name: svc.name });
  if (!stored) throw failed(`service "${svc.name}" not found`);
  const spec = asObj(asObj(JSON.parse(stored.json)).spec);
  const host = spec.type === 'ExternalName' ? spec.externalName : spec.clusterIP;
  if (typeof host !== 'string' || host === '' || host === 'None') {
    throw failed(`service "${svc.namespace}/${svc.name}" has no address (set spec.clusterIP or spec.externalName)`);
  }
  const ports = Array.isArray(spec.ports) ? spec.ports.map(asObj) : [];
  const entry = ports.find((p) => p.port === svc.port);
  const port = entry && typeof entry.targetPort === 'number' ? entry.targetPort : svc.port;
  return { url, connectHost: host, connectPort: port };
}
