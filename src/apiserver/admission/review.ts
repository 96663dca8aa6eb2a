// The AdmissionReview the server sends (admission.k8s.io/v1 or v1beta1) and the checks on what comes back.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors.ts';
import type { ServedResource } from '../registry/types.ts';
import { CallFailure } from './client.ts';
import type { Webhook } from './config.ts';
import type { AdmissionAttributes } from './matching.ts';

type Obj = Record<string, unknown>;

const gvk = (r: ServedResource): Obj => ({ group: r.group, version: r.version, kind: r.kind });
const gvr = (r: ServedResource): Obj => ({ group: r.group, version: r.version, resource: r.plural });

/** The object as the webhook's matched version: conversion between served versions only rewrites apiVersion. */
export function asVersion(obj: Obj | null, r: ServedResource): Obj | null {
  if (!obj) return null;
  return { ...obj, apiVersion: r.group ? `${r.group}/${r.version}` : r.version };
}

export function buildReview(hook: Webhook, attrs: AdmissionAttributes, seenAs: ServedResource, object: Obj | null): { uid: string; body: string } {
  const uid = randomUUID();
  const request: Obj = { uid, kind: gvk(seenAs), resource: gvr(seenAs) };
  if (attrs.subresource) request.subResource = attrs.subresource;
  request.requestKind = gvk(attrs.resource);
  request.requestResource = gvr(attrs.resource);
  if (attrs.subresource) request.requestSubResource = attrs.subresource;
  if (attrs.name) request.name = attrs.name;
  if (attrs.namespace) request.namespace = attrs.namespace;
  request.operation = attrs.operation;
  const u = attrs.user;
  const userInfo: Obj = { username: u?.username ?? '' };
  if (u?.uid) userInfo.uid = u.uid;
  if (u?.groups?.length) userInfo.groups = u.groups;
  userInfo.extra = u?.extra ?? {};
  request.userInfo = userInfo;
  request.object = asVersion(object, seenAs);
  request.oldObject = asVersion(attrs.oldObject, seenAs);
  request.dryRun = attrs.dryRun;
  request.options = attrs.options;
  const apiVersion = `admission.k8s.io/${hook.reviewVersion ?? 'v1'}`;
  return { uid, body: JSON.stringify({ kind: 'AdmissionReview', apiVersion, request }) };
}

export interface ReviewResult {
  allowed: boolean;
  status: Obj;
  /** Decoded JSONPatch operations, mutating webhooks only. */
  patch?: unknown;
  warnings: string[];
}

function invalid(why: string): CallFailure {
  return new CallFailure(`received invalid webhook response: ${why}`);
}

/** Checks the answer as kube does; anything off is a call failure (failurePolicy applies). */
export function readResponse(hook: Webhook, uid: string, answer: unknown): ReviewResult {
  const review = answer && typeof answer === 'object' ? (answer as Obj) : {};
  const expected = `admission.k8s.io/${hook.reviewVersion ?? 'v1'}`;
  if (hook.reviewVersion === 'v1' && (review.apiVersion !== expected || review.kind !== 'AdmissionReview')) {
    throw invalid(`expected webhook response of ${expected}, Kind=AdmissionReview, got ${String(review.apiVersion ?? '')}, Kind=${String(review.kind ?? '')}`);
  }
  const response = review.response;
  if (!response || typeof response !== 'object') throw invalid('webhook response was absent');
  const r = response as Obj;
  if (hook.reviewVersion === 'v1' && r.uid !== uid) throw invalid(`expected response.uid="${uid}", got "${String(r.uid ?? '')}"`);
  const warnings = Array.isArray(r.warnings) ? r.warnings.filter((w): w is string => typeof w === 'string') : [];
  const result: ReviewResult = { allowed: r.allowed === true, status: r.status && typeof r.status === 'object' ? (r.status as Obj) : {}, warnings };
  const hasPatch = typeof r.patch === 'string' && r.patch !== '';
  const hasType = typeof r.patchType === 'string' && r.patchType !== '';
  if (hook.type === 'validating') {
    if (hasPatch || hasType) throw invalid('validating webhooks may not return patches or patch types');
    return result;
  }
  if (hook.reviewVersion === 'v1' && hasPatch && !hasType) throw invalid('webhook returned response.patch but not response.patchType');
  if (hasType && !hasPatch) throw invalid('webhook returned response.patchType but not response.patch');
  if (hasType && r.patchType !== 'JSONPatch') throw invalid(`webhook returned invalid response.patchType of "${String(r.patchType)}"`);
  if (hasPatch && result.allowed) {
    try {
      result.patch = JSON.parse(Buffer.from(r.patch as string, 'base64').toString('utf8'));
    } catch (err) {
      throw invalid(`patch is not JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!Array.isArray(result.patch)) throw invalid('patch is not a JSON array of operations');
  }
  return result;
}

/** allowed=false: the webhook's status becomes the API error, code at least 400, message prefixed as kube does. */
export function denial(hook: Webhook, status: Obj): ApiError {
  const deniedBy = `admission webhook "${hook.name}" denied the request`;
  const message = typeof status.message === 'string' && status.message ? `${deniedBy}: ${status.message}`
    : typeof status.reason === 'string' && status.reason ? `${deniedBy}: ${status.reason}` : `${deniedBy} without explanation`;
  const code = typeof status.code === 'number' && status.code >= 400 ? status.code : 400;
  const reason = typeof status.reason === 'string' ? status.reason : '';
  const details = status.details && typeof status.details === 'object' ? (status.details as ConstructorParameters<typeof ApiError>[3]) : undefined;
  const err = new ApiError(code, reason, message, details);
  if (!reason) delete err.status.reason;
  return err;
}
