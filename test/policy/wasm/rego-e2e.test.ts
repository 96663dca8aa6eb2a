// Rego -> IR (planner) -> wasm (code generator) -> @open-policy-agent/opa-wasm, for policies written
// in the style of the Gatekeeper library (Rego v0 syntax, partial set rule `violation`).
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../src/policy/rego/compiler/index.ts';
import { generateWasm } from '../../../src/policy/wasm/codegen.ts';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { podReview } from './fixtures.ts';

async function compile(source: string, entrypoint: string, regoVersion: 0 | 1 = 0) {
  const ir = compilePolicy([{ filename: 'policy.rego', source }], { entrypoints: [entrypoint], regoVersion });
  return loadPolicy(generateWasm(ir));
}

type Review = { review: { object: { metadata: Record<string, unknown>; spec: { containers: Record<string, unknown>[] } } }; parameters: unknown };

const requiredLabels = `
package k8srequiredlabels

get_message(parameters, _default) = msg {
  not parameters.message
  msg := _default
}

get_message(parameters, _default) = msg {
  msg := parameters.message
}

violation[{"msg": msg, "details": {"missing_labels": missing}}] {
  provided := {label | input.review.object.metadata.labels[label]}
  required := {label | label := input.parameters.labels[_].key}
  missing := required - provided
  count(missing) > 0
  def_msg := sprintf("you must provide labels: %v", [missing])
  msg := get_message(input.parameters, def_msg)
}

violation[{"msg": msg}] {
  value := input.review.object.metadata.labels[key]
  expected := input.parameters.labels[_]
  expected.key == key
  expected.allowedRegex != ""
  not re_match(expected.allowedRegex, value)
  msg := sprintf("Label <%v: %v> does not satisfy allowed regex: %v", [key, value, expected.allowedRegex])
}
`;

const allowedRepos = `
package k8sallowedrepos

violation[{"msg": msg}] {
  container := input.review.object.spec.containers[_]
  not strings.any_prefix_match(container.image, input.parameters.repos)
  msg := sprintf("container <%v> has an invalid image repo <%v>, allowed repos are %v", [container.name, container.image, input.parameters.repos])
}
`;

const containerLimits = `
package k8scontainerlimits

missing(obj, field) = true {
  not obj[field]
}

missing(obj, field) = true {
  obj[field] == ""
}

canonify_mem(orig) = new {
  is_number(orig)
  new := orig
}

canonify_mem(orig) = new {
  endswith(orig, "Mi")
  new := to_number(trim_suffix(orig, "Mi")) * 1024 * 1024
}

canonify_mem(orig) = new {
  endswith(orig, "Gi")
  new := to_number(trim_suffix(orig, "Gi")) * 1024 * 1024 * 1024
}

violation[{"msg": msg}] {
  container := input.review.object.spec.containers[_]
  missing(container.resources.limits, "memory")
  msg := sprintf("container <%v> has no memory limit", [container.name])
}

violation[{"msg": msg}] {
  container := input.review.object.spec.containers[_]
  mem := canonify_mem(container.resources.limits.memory)
  max := canonify_mem(input.parameters.memory)
  mem > max
  msg := sprintf("container <%v> memory limit <%v> is higher than the maximum allowed of <%v>", [container.name, container.resources.limits.memory, input.parameters.memory])
}
`;

function review(mutate: (r: Review) => void, parameters: unknown): Review {
  const r = podReview({ owner: 'alice', app: 'web' }) as Review;
  r.parameters = parameters;
  mutate(r);
  return r;
}

describe('Rego to wasm through the SDK', () => {
  it('required labels: message, details and a custom message', async () => {
    const p = await compile(requiredLabels, 'k8srequiredlabels/violation');
    const params = { labels: [{ key: 'owner' }, { key: 'team' }, { key: 'cost-center' }] };
    expect(p.evaluate(review(() => {}, params), 'k8srequiredlabels/violation')).toEqual([{ result: [
      { msg: 'you must provide labels: {"cost-center", "team"}', details: { missing_labels: ['cost-center', 'team'] } },
    ] }]);
    const custom = { ...params, message: 'label them all' };
    expect(p.evaluate(review(() => {}, custom), 'k8srequiredlabels/violation')).toEqual([{ result: [
      { msg: 'label them all', details: { missing_labels: ['cost-center', 'team'] } },
    ] }]);
    const all = review((r) => { r.review.object.metadata.labels = { owner: 'a', team: 'b', 'cost-center': 'c' }; }, params);
    expect(p.evaluate(all, 'k8srequiredlabels/violation')).toEqual([{ result: [] }]);
  });

  it('allowed repos: host builtin strings.any_prefix_match resolved through the SDK', async () => {
    const ir = compilePolicy([{ filename: 'policy.rego', source: allowedRepos }], { entrypoints: ['k8sallowedrepos/violation'], regoVersion: 0 });
    const anyPrefix = (s: unknown, prefixes: unknown) =>
      (Array.isArray(prefixes) ? prefixes : [prefixes]).some((x) => typeof s === 'string' && s.startsWith(String(x)));
    const p = await loadPolicy(generateWasm(ir), undefined, { 'strings.any_prefix_match': anyPrefix });
    const params = { repos: ['registry.example.com/team/app', 'registry.example.com/team/metrics'] };
    expect(p.evaluate(review(() => {}, params), 'k8sallowedrepos/violation')).toEqual([{ result: [{
      msg: 'container <sidecar> has an invalid image repo <registry.example.com/team/sidecar:v1.1.3>, allowed repos are ["registry.example.com/team/app", "registry.example.com/team/metrics"]',
    }] }]);
  });

  it('container limits: functions with several definitions, arithmetic and to_number', async () => {
    const p = await compile(containerLimits, 'k8scontainerlimits/violation');
    expect(p.evaluate(review(() => {}, { memory: '1Gi' }), 'k8scontainerlimits/violation')).toEqual([{ result: [] }]);
    const r = review((x) => {
      const [app, sidecar] = x.review.object.spec.containers;
      (app.resources as { limits: Record<string, unknown> }).limits.memory = '2Gi';
      delete (sidecar.resources as { limits: Record<string, unknown> }).limits.memory;
    }, { memory: '1Gi' });
    expect(p.evaluate(r, 'k8scontainerlimits/violation')).toEqual([{ result: [
      { msg: 'container <app> memory limit <2Gi> is higher than the maximum allowed of <1Gi>' },
      { msg: 'container <sidecar> has no memory limit' },
    ] }]);
  });

  it('Rego v1: complete rules, default, else, in, every', async () => {
    const source = `
package t
import rego.v1

default allow := false
allow if {
  input.user in {"alice", "bob"}
  every r in input.roles { startswith(r, "app-") }
}

level := "high" if input.score > 10
else := "low"
`;
    const ir = compilePolicy([{ filename: 'policy.rego', source }], { entrypoints: ['t/allow', 't/level'], regoVersion: 1 });
    const p = await loadPolicy(generateWasm(ir));
    expect(p.evaluate({ user: 'alice', roles: ['app-a', 'app-b'] }, 't/allow')).toEqual([{ result: true }]);
    expect(p.evaluate({ user: 'alice', roles: ['app-a', 'ops'] }, 't/allow')).toEqual([{ result: false }]);
    expect(p.evaluate({ user: 'eve', roles: [] }, 't/allow')).toEqual([{ result: false }]);
    expect(p.evaluate({ score: 11 }, 't/level')).toEqual([{ result: 'high' }]);
    expect(p.evaluate({ score: 1 }, 't/level')).toEqual([{ result: 'low' }]);
  });
});
