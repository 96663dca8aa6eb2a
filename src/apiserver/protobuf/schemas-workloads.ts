// Protobuf layouts of the workload kinds `kubectl create deployment|job|cronjob|service|pdb|quota|ingress` and
// `kubectl run` send (k8s.io/api generated.proto field numbers). Fields not listed here are refused by the decoder when
// they carry a value, so nothing is silently dropped.
import { LABEL_SELECTOR, meta, msg, OBJECT_META, str, strMap, strs, type FieldSpec, type MessageSpec } from './schema-types.ts';

const int32 = (name: string, keep = false): FieldSpec => ({ name, type: 'int32', keep });
const int64 = (name: string, keep = false): FieldSpec => ({ name, type: 'int64', keep });
const bool = (name: string, keep = false): FieldSpec => ({ name, type: 'bool', keep });
const optStr = (name: string): FieldSpec => ({ name, type: 'string', keep: true });
const intOrString = (name: string, keep = false): FieldSpec => ({ name, type: 'intorstring', keep });
const quantityMap = (name: string): FieldSpec => ({ name, type: 'quantity', map: true });

const LOCAL_OBJECT_REFERENCE: MessageSpec = { 1: str('name') };
const inlineRef: FieldSpec = { name: 'localObjectReference', type: LOCAL_OBJECT_REFERENCE, inline: true };
const KEY_TO_PATH: MessageSpec = { 1: str('key'), 2: str('path'), 3: int32('mode', true) };

const VOLUME_SOURCE: MessageSpec = {
  1: msg('hostPath', { 1: str('path'), 2: optStr('type') }),
  2: msg('emptyDir', { 1: str('medium'), 2: { name: 'sizeLimit', type: 'quantity' } }),
  6: msg('secret', { 1: str('secretName'), 2: msg('items', KEY_TO_PATH, true), 3: int32('defaultMode', true), 4: bool('optional', true) }),
  10: msg('persistentVolumeClaim', { 1: str('claimName'), 2: bool('readOnly') }),
  19: msg('configMap', { 1: inlineRef, 2: msg('items', KEY_TO_PATH, true), 3: int32('defaultMode', true), 4: bool('optional', true) }),
};
const VOLUME: MessageSpec = { 1: str('name'), 2: { name: 'volumeSource', type: VOLUME_SOURCE, inline: true } };

const KEY_SELECTOR: MessageSpec = { 1: inlineRef, 2: str('key'), 3: bool('optional', true) };
const ENV_VAR: MessageSpec = {
  1: str('name'), 2: str('value'),
  3: msg('valueFrom', { 1: msg('fieldRef', { 1: str('apiVersion'), 2: str('fieldPath') }), 3: msg('configMapKeyRef', KEY_SELECTOR), 4: msg('secretKeyRef', KEY_SELECTOR) }),
};
const CONTAINER: MessageSpec = {
  1: str('name'), 2: str('image'), 3: strs('command'), 4: strs('args'), 5: str('workingDir'),
  6: msg('ports', { 1: str('name'), 2: int32('hostPort'), 3: int32('containerPort'), 4: str('protocol'), 5: str('hostIP') }, true),
  7: msg('env', ENV_VAR, true),
  8: msg('resources', { 1: quantityMap('limits'), 2: quantityMap('requests') }),
  9: msg('volumeMounts', { 1: str('name'), 2: bool('readOnly'), 3: str('mountPath'), 4: str('subPath'), 6: str('subPathExpr') }, true),
  13: str('terminationMessagePath'), 14: str('imagePullPolicy'), 16: bool('stdin'), 17: bool('stdinOnce'), 18: bool('tty'),
  20: str('terminationMessagePolicy'), 24: optStr('restartPolicy'),
};
const POD_SPEC: MessageSpec = {
  1: msg('volumes', VOLUME, true), 2: msg('containers', CONTAINER, true), 3: str('restartPolicy'),
  4: int64('terminationGracePeriodSeconds', true), 5: int64('activeDeadlineSeconds', true), 6: str('dnsPolicy'), 7: strMap('nodeSelector'),
  8: str('serviceAccountName'), 9: str('serviceAccount'), 10: str('nodeName'), 11: bool('hostNetwork'), 12: bool('hostPID'), 13: bool('hostIPC'),
  15: msg('imagePullSecrets', LOCAL_OBJECT_REFERENCE, true), 16: str('hostname'), 17: str('subdomain'), 19: str('schedulerName'),
  20: msg('initContainers', CONTAINER, true), 21: bool('automountServiceAccountToken', true), 24: str('priorityClassName'),
  25: int32('priority', true), 30: bool('enableServiceLinks', true), 31: optStr('preemptionPolicy'),
};
const POD_TEMPLATE: MessageSpec = { 1: msg('metadata', OBJECT_META), 2: msg('spec', POD_SPEC) };

const JOB_SPEC: MessageSpec = {
  1: int32('parallelism', true), 2: int32('completions', true), 3: int64('activeDeadlineSeconds', true), 4: msg('selector', LABEL_SELECTOR),
  5: bool('manualSelector', true), 6: msg('template', POD_TEMPLATE), 7: int32('backoffLimit', true), 8: int32('ttlSecondsAfterFinished', true),
  9: optStr('completionMode'), 10: bool('suspend', true),
};

const SERVICE_BACKEND: MessageSpec = { 1: str('name'), 2: msg('port', { 1: str('name'), 2: int32('number') }) };
const INGRESS_BACKEND: MessageSpec = {
  3: msg('resource', { 1: optStr('apiGroup'), 2: str('kind'), 3: str('name') }), 4: msg('service', SERVICE_BACKEND),
};
const HTTP_PATH: MessageSpec = { 1: str('path'), 2: msg('backend', INGRESS_BACKEND), 3: optStr('pathType') };
const INGRESS_RULE: MessageSpec = {
  1: str('host'),
  2: { name: 'ingressRuleValue', type: { 1: msg('http', { 1: msg('paths', HTTP_PATH, true) }) }, inline: true },
};

export const WORKLOAD_SCHEMAS: Record<string, MessageSpec> = {
  'v1/Pod': { 1: meta, 2: msg('spec', POD_SPEC) },
  'v1/Service': {
    1: meta,
    2: msg('spec', {
      1: msg('ports', { 1: str('name'), 2: str('protocol'), 3: int32('port'), 4: intOrString('targetPort'), 5: int32('nodePort'), 6: optStr('appProtocol') }, true),
      2: strMap('selector'), 3: str('clusterIP'), 4: str('type'), 5: strs('externalIPs'), 7: str('sessionAffinity'), 8: str('loadBalancerIP'),
      9: strs('loadBalancerSourceRanges'), 10: str('externalName'), 11: str('externalTrafficPolicy'), 12: int32('healthCheckNodePort'),
      13: bool('publishNotReadyAddresses'),
    }),
  },
  'v1/ResourceQuota': {
    1: meta,
    2: msg('spec', { 1: quantityMap('hard'), 2: strs('scopes'),
      3: msg('scopeSelector', { 1: msg('matchExpressions', { 1: str('scopeName'), 2: str('operator'), 3: strs('values') }, true) }) }),
  },
  'apps/v1/Deployment': {
    1: meta,
    2: msg('spec', {
      1: int32('replicas', true), 2: msg('selector', LABEL_SELECTOR), 3: msg('template', POD_TEMPLATE),
      4: msg('strategy', { 1: str('type'), 2: msg('rollingUpdate', { 1: intOrString('maxUnavailable', true), 2: intOrString('maxSurge', true) }) }),
      5: int32('minReadySeconds'), 6: int32('revisionHistoryLimit', true), 7: bool('paused'), 9: int32('progressDeadlineSeconds', true),
    }),
  },
  'batch/v1/Job': { 1: meta, 2: msg('spec', JOB_SPEC) },
  'batch/v1/CronJob': {
    1: meta,
    2: msg('spec', {
      1: str('schedule'), 2: int64('startingDeadlineSeconds', true), 3: str('concurrencyPolicy'), 4: bool('suspend', true),
      5: msg('jobTemplate', { 1: msg('metadata', OBJECT_META), 2: msg('spec', JOB_SPEC) }),
      6: int32('successfulJobsHistoryLimit', true), 7: int32('failedJobsHistoryLimit', true), 8: optStr('timeZone'),
    }),
  },
  'policy/v1/PodDisruptionBudget': {
    1: meta,
    2: msg('spec', { 1: intOrString('minAvailable', true), 2: msg('selector', LABEL_SELECTOR), 3: intOrString('maxUnavailable', true),
      4: optStr('unhealthyPodEvictionPolicy') }),
  },
  'networking.k8s.io/v1/Ingress': {
    1: meta,
    2: msg('spec', { 1: msg('defaultBackend', INGRESS_BACKEND), 2: msg('tls', { 1: strs('hosts'), 2: str('secretName') }, true),
      3: msg('rules', INGRESS_RULE, true), 4: optStr('ingressClassName') }),
  },
};
