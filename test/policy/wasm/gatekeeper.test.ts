// A Gatekeeper-style policy in planner-shaped IR, evaluated through the SDK on both ABI paths.
import { describe, expect, it } from 'vitest';
import * as sdk from '@open-policy-agent/opa-wasm';
import { generateWasm } from '../../../src/policy/wasm/codegen.ts';
import { loadBoth, evalBoth } from './helpers.ts';
import { requiredLabels, podReview } from './fixtures.ts';

describe('k8srequiredlabels', () => {
  it('reports the missing labels with a Go-formatted message', async () => {
    const p = await loadBoth(requiredLabels());
    const res = evalBoth(p, podReview({ app: 'web', owner: 'alice' }), 'k8srequiredlabels/violation');
    expect(res).toEqual([{ result: [{ msg: 'you must provide labels: {"cost-center", "team"}' }] }]);
  });

  it('reports nothing when every label is present', async () => {
    const p = await loadBoth(requiredLabels());
    const res = evalBoth(p, podReview({ owner: 'a', team: 'b', 'cost-center': 'c' }), 'k8srequiredlabels/violation');
    expect(res).toEqual([{ result: [] }]);
  });

  it('treats a pod without labels as missing all of them', async () => {
    const p = await loadBoth(requiredLabels());
    const input = podReview({}) as { review: { object: { metadata: { labels?: unknown } } } };
    delete input.review.object.metadata.labels;
    const res = evalBoth(p, input, 'k8srequiredlabels/violation');
    expect(res).toEqual([{ result: [{ msg: 'you must provide labels: {"cost-center", "owner", "team"}' }] }]);
  });
});

// The ESM entry exports loadPolicySync only on its default export.
const { loadPolicySync } = (sdk as unknown as { default: { loadPolicySync: typeof sdk.loadPolicySync } }).default;

describe('loading variants', () => {
  it('gives the same answers at every optimisation level and through loadPolicySync', async () => {
    const input = podReview({ app: 'web' });
    const want = [{ result: [{ msg: 'you must provide labels: {"cost-center", "owner", "team"}' }] }];
    for (const optimize of ['none', 'functions', 'full'] as const) {
      const p = loadPolicySync(generateWasm(requiredLabels(), { optimize }));
      expect(p.evaluate(input, 'k8srequiredlabels/violation'), optimize).toEqual(want);
    }
  });
});
