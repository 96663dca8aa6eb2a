// What every handler gets: the shared server state and the parsed request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ClusterCatalog } from '../registry/catalog.ts';
import type { HookTable } from '../registry/hooks.ts';
import type { NamespaceStates } from '../registry/namespace-states.ts';
import type { ServedResource } from '../registry/types.ts';
import type { Store } from '../storage/types.ts';
import type { ApiSecurity } from '../auth/security.ts';
import type { WebhookAdmission } from '../admission/webhook-admission.ts';

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface StreamScope {
  cluster: string;
  group: string;
  resource: string;
}

export interface ServerState {
  store: Store;
  hooks: HookTable;
  namespaces: NamespaceStates;
  logger: Logger;
  /** The catalog of a virtual cluster ('' = hub), undefined when no such cluster exists. */
  catalog(cluster: string): ClusterCatalog | undefined;
  /** Open watch streams and what each watches: ended when their cluster, their CRD or the server goes. */
  openStreams: Map<ServerResponse, StreamScope>;
  /** Authentication, authorization, reviews and CSR signing (src/apiserver/auth); absent = any CA-signed cert is admin. */
  security?: ApiSecurity;
  /** Mutating and validating admission webhooks (src/apiserver/admission); absent = no webhooks are called. */
  admission?: WebhookAdmission;
}

export interface RequestContext {
  state: ServerState;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  cluster: string;
  user: UserInfo | undefined;
}

/** A request addressed to one resource (and maybe one object) of one virtual cluster. */
export interface ResourceTarget {
  cluster: string;
  resource: ServedResource;
  /** The path's namespace; '' for cluster-scoped kinds and for all-namespaces requests. */
  namespace: string;
  name?: string;
  subresource?: string;
}
