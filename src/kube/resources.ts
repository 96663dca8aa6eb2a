// Built-in Kubernetes resources the controllers use, addressed like the generated OCM kinds, with the wire
// shapes (timestamps as strings) of the few whose fields the toolkit reads.
import type { ObjectMeta } from '../api/index.ts';
import type { ResourceRef } from './client.ts';

const core = (kind: string, plural: string, namespaced: boolean): ResourceRef => ({ group: '', version: 'v1', kind, plural, namespaced });

export const namespaceResource = core('Namespace', 'namespaces', false);
export const configMapResource = core('ConfigMap', 'configmaps', true);
export const secretResource = core('Secret', 'secrets', true);
export const serviceAccountResource = core('ServiceAccount', 'serviceaccounts', true);
export const eventResource = core('Event', 'events', true);
export const nodeResource = core('Node', 'nodes', false);
export const podResource = core('Pod', 'pods', true);
export const leaseResource: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true };
export const csrResource: ResourceRef = { group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest', plural: 'certificatesigningrequests', namespaced: false };
export const customResourceDefinitionResource: ResourceRef = { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false };

export interface ConfigMap {
  apiVersion?: 'v1';
  kind?: 'ConfigMap';
  metadata: ObjectMeta;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export interface Namespace {
  apiVersion?: 'v1';
  kind?: 'Namespace';
  metadata: ObjectMeta;
  spec?: { finalizers?: string[] };
  status?: { phase?: 'Active' | 'Terminating' };
}

export interface Lease {
  apiVersion?: 'coordination.k8s.io/v1';
  kind?: 'Lease';
  metadata: ObjectMeta;
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number | null;
    /** MicroTime: RFC 3339 with microseconds. */
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number | null;
  };
}

export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface CoreEvent {
  apiVersion?: 'v1';
  kind?: 'Event';
  metadata: ObjectMeta;
  involvedObject: ObjectReference;
  reason?: string;
  message?: string;
  type?: 'Normal' | 'Warning';
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  action?: string;
}

/** A Kubernetes MicroTime (RFC 3339 with microseconds), as Lease times are written. */
export function microTime(d: Date = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
