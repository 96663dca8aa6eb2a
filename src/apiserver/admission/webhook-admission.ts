// The MutatingAdmissionWebhook and ValidatingAdmissionWebhook steps of one API server: which configured webhooks a
// request goes to, calling them, applying patches, and turning denials and failures into API errors. The webhook
// index is kept per virtual cluster and dropped whenever a configuration object of that cluster is written.
import { ApiError, badRequest, internalError } from '../errors.ts';
import { applyJsonPatch } from '../http/patch/json-patch.ts';
import type { ServedResource } from '../registry/types.ts';
import type { Store, Watcher } from '../storage/types.ts';
import { AgentPool, CallFailure, postReview } from './client.ts';
import type { Webhook, WebhookType } from './config.ts';
import { webhooksOf } from './config.ts';
import { isExempt, matchedResource, selectorsMatch } from './matching.ts';
import type { AdmissionAttributes } from './matching.ts';
import { asVersion, buildReview, denial, readResponse } from './review.ts';
import { endpointOf } from './service-endpoint.ts';

type Obj = Record<string, unknown>;

export const ADMISSION_GROUP = 'admissionregistration.k8s.io';
const RESOURCE_OF: Record<WebhookType, string> = {
  mutating: 'mutatingwebhookconfigurations',
  validating: 'validatingwebhookconfigurations',
};

interface ClusterWebhooks {
  mutating: Webhook[];
  validating: Webhook[];
}

export interface MutationResult {
  /** The object after every patch (the same reference when no webhook patched it). */
  object: Obj | null;
  warnings: string[];
}

/** Served resources of a cluster, for matchPolicy Equivalent. */
export type ServedResources = (cluster: string) => ServedResource[];

/** A webhook to call and the resource version it sees the request as. */
interface Call {
  hook: Webhook;
  seenAs: ServedResource;
}

export class WebhookAdmission {
  private readonly store: Store;
  private readonly served: ServedResources;
  private readonly index = new Map<string, ClusterWebhooks>();
  private readonly watcher: Watcher;
  private readonly agents = new AgentPool();

  constructor(store: Store, served: ServedResources) {
    this.store = store;
    this.served = served;
    this.watcher = store.watchAll((event) => {
      if (event.key.group === ADMISSION_GROUP) this.index.delete(event.key.cluster);
    });
  }

  /** The cluster's webhooks of one type, in calling order (built once, kept until a configuration changes). */
  webhooks(cluster: string, type: WebhookType): Webhook[] {
    let entry = this.index.get(cluster);
    if (!entry) {
      const load = (t: WebhookType): Obj[] => this.store.list({ cluster, group: ADMISSION_GROUP, resource: RESOURCE_OF[t] }).items
        .map((item) => JSON.parse(item.json) as Obj);
      entry = { mutating: webhooksOf('mutating', load('mutating')), validating: webhooksOf('validating', load('validating')) };
      this.index.set(cluster, entry);
    }
    return entry[type];
  }

  /** The call to make when `hook` applies to the request, else undefined. */
  private matchOne(hook: Webhook, attrs: AdmissionAttributes): Call | undefined {
    const seenAs = matchedResource(hook, attrs, () => this.served(attrs.cluster));
    if (!seenAs || !selectorsMatch(hook, attrs, this.store)) return undefined;
    if (attrs.dryRun && hook.sideEffects !== 'None' && hook.sideEffects !== 'NoneOnDryRun') {
      throw badRequest(`admission webhook "${hook.name}" does not support dry run`);
    }
    return { hook, seenAs };
  }

  /** One call; resolves with the review result, or rejects with a CallFailure (failurePolicy applies). */
  private async call(call: Call, attrs: AdmissionAttributes, object: Obj | null): Promise<ReturnType<typeof readResponse>> {
    const { hook, seenAs } = call;
    if (hook.broken) throw new CallFailure(hook.broken);
    if (!hook.reviewVersion) throw new CallFailure('webhook does not accept v1 or v1beta1 AdmissionReview');
    const endpoint = endpointOf(hook, attrs.cluster, this.store);
    const { uid, body } = buildReview(hook, attrs, seenAs, object);
    const answer = await postReview(endpoint, body, hook.timeoutSeconds, this.agents.agentFor(hook.caBundle));
    return readResponse(hook, uid, answer);
  }

  /** Denials always fail the request; call failures only under failurePolicy Fail. */
  private failure(hook: Webhook, err: unknown): ApiError | undefined {
    if (err instanceof CallFailure) {
      return hook.failurePolicy === 'Ignore' ? undefined : internalError(`failed calling webhook "${hook.name}": ${err.message}`);
    }
    if (err instanceof ApiError) return err;
    return internalError(`failed calling webhook "${hook.name}": ${err instanceof Error ? err.message : String(err)}`);
  }

  /** Runs the mutating webhooks in order, each on the previous one's output; IfNeeded webhooks run once more when
   *  a later webhook changed the object. `redecode` re-applies the kind's decoding (defaults) to a patched object. */
  async mutate(attrs: AdmissionAttributes, redecode?: (obj: Obj) => void): Promise<MutationResult> {
    const result: MutationResult = { object: attrs.object, warnings: [] };
    if (isExempt(attrs.resource)) return result;
    const hooks = this.webhooks(attrs.cluster, 'mutating');
    if (hooks.length === 0) return result;
    // what each IfNeeded webhook saw, to tell whether something changed the object after it ran
    const seen = new Map<Webhook, string>();
    const runOne = async (hook: Webhook): Promise<void> => {
      const current = result.object;
      // matched against the object as it is now: an earlier patch may have changed its labels
      const c = this.matchOne(hook, { ...attrs, object: current });
      if (!c) return;
      let review;
      try {
        review = await this.call(c, { ...attrs, object: current }, current);
      } catch (err) {
        const fail = this.failure(c.hook, err);
        if (fail) throw fail;
        return;
      }
      result.warnings.push(...review.warnings);
      if (!review.allowed) throw denial(c.hook, review.status);
      if (review.patch !== undefined && (review.patch as unknown[]).length > 0) {
        if (current === null) throw internalError(`admission webhook "${c.hook.name}" attempted to modify the object, which is not supported for this operation`);
        result.object = this.patched(c, current, review.patch, attrs.resource, redecode);
      }
      if (hook.reinvocationPolicy === 'IfNeeded') seen.set(hook, JSON.stringify(result.object));
    };
    for (const hook of hooks) await runOne(hook);
    if (seen.size === 0) return result;
    const final = JSON.stringify(result.object);
    const again = hooks.filter((h) => seen.has(h) && seen.get(h) !== final);
    for (const hook of again) await runOne(hook);
    return result;
  }

  private patched(c: Call, current: Obj, patch: unknown, requested: ServedResource, redecode?: (obj: Obj) => void): Obj {
    let next: unknown;
    try {
      next = applyJsonPatch(asVersion(current, c.seenAs), patch);
    } catch (err) {
      throw internalError(`admission webhook "${c.hook.name}" returned a patch that could not be applied: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!next || typeof next !== 'object' || Array.isArray(next)) {
      throw internalError(`admission webhook "${c.hook.name}" returned a patch that does not leave an object`);
    }
    const obj = asVersion(next as Obj, requested) as Obj;
    redecode?.(obj);
    return obj;
  }

  /** Runs the matching validating webhooks in parallel; the first error received fails the request. */
  async validate(attrs: AdmissionAttributes): Promise<string[]> {
    if (isExempt(attrs.resource)) return [];
    const hooks = this.webhooks(attrs.cluster, 'validating');
    if (hooks.length === 0) return [];
    const calls = hooks.map((h) => this.matchOne(h, attrs)).filter((c): c is Call => c !== undefined);
    if (calls.length === 0) return [];
    const warnings: string[] = [];
    const errors: ApiError[] = [];
    await Promise.all(calls.map(async (c) => {
      try {
        const review = await this.call(c, attrs, attrs.object);
        warnings.push(...review.warnings);
        if (!review.allowed) errors.push(denial(c.hook, review.status));
      } catch (err) {
        const fail = this.failure(c.hook, err);
        if (fail) errors.push(fail);
      }
    }));
    if (errors.length > 0) throw errors[0];
    return warnings;
  }

  /** Drops a removed virtual cluster's index. */
  forgetCluster(cluster: string): void {
    this.index.delete(cluster);
  }

  close(): void {
    this.watcher.stop();
    this.agents.close();
    this.index.clear();
  }
}
