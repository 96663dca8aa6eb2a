// Parsing only the input a policy can observe (ir/input-projection.ts, runtime json-project.ts)
// must not change any result or error: every case is evaluated by the same policy built twice,
// once with the ABI 1.2 fast path (opa_eval, which projects the input) and once with the legacy
// path (the SDK parses the whole input with opa_json_parse).
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../src/policy/rego/compiler/index.ts';
import { generateWasm } from '../../../src/policy/wasm/codegen.ts';
import { loadPolicy, type Policy } from '../../../src/policy/engine/policy.ts';

const MODULE = `package p

missing(obj, field) if not obj[field]
missing(obj, field) if obj[field] == ""

violation contains {"msg": msg, "field": field} if {
  container := input.review.object.spec[field][_]
  not startswith(container.image, "registry.example/")
  msg := sprintf("container <%v> image <%v>", [container.name, container.image])
}

violation contains {"msg": "no cpu limit", "field": field} if {
  container := input.review.object.spec[field][_]
  missing(container.resources.limits, "cpu")
}

labels contains key if input.review.object.metadata.labels[key]

size := count(input.review.object.spec.containers)

kind := object.get(input.review.kind, "kind", "none")

path_kind := object.get(input.review, ["kind", "kind"], "none")

typed := [is_object(input.review.object), is_array(input.review.object.spec.containers), is_string(input.review.name)]

same_ns if input.review.namespace == input.review.object.metadata.namespace

summary := {"violations": violation, "labels": labels, "size": size, "kind": kind, "typed": typed, "same_ns": same_ns}
`;

async function both(): Promise<[Policy, Policy]> {
  const plan = compilePolicy([{ filename: 'p.rego', source: MODULE }], { entrypoints: ['p/summary', 'p/violation', 'p/size', 'p/path_kind'], regoVersion: 1 });
  return [loadPolicy(generateWasm(plan)), loadPolicy(generateWasm(plan, { abiMinorVersion: 1 }))];
}

function outcome(p: Policy, entrypoint: string, text: string): unknown {
  try {
    return p.evaluateJson(entrypoint, text);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function expectSame(projected: Policy, full: Policy, text: string): void {
  for (const ep of ['p/summary', 'p/violation', 'p/size', 'p/path_kind']) expect(outcome(projected, ep, text), `${ep} of ${text}`).toEqual(outcome(full, ep, text));
}

const pod = {
  review: {
    kind: { group: '', kind: 'Pod' },
    name: 'web',
    namespace: 'shop',
    object: {
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', tier: '' }, annotations: { a: 'b' } },
      spec: {
        containers: [
          { name: 'app', image: 'registry.example/app:1', resources: { limits: { cpu: '1', memory: '1Gi' } }, env: [{ name: 'X', value: 'y' }] },
          { name: 'sidecar', image: 'docker.io/envoy', resources: { limits: { memory: '1Gi', cpu: '' } }, ports: [{ containerPort: 80 }] },
        ],
        initContainers: [{ name: 'init', image: 'busybox', resources: {} }],
        nodeSelector: { os: 'linux' },
        volumes: [{ name: 'v', emptyDir: {} }],
        dnsPolicy: 'ClusterFirst',
      },
    },
  },
};

/** A small deterministic PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KEYS = ['review', 'object', 'spec', 'containers', 'initContainers', 'metadata', 'labels', 'namespace', 'name', 'image', 'resources', 'limits', 'cpu', 'kind', 'env', 'x'];

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 5 || r < 0.3) {
    const scalars = ['', 'registry.example/a', 'docker.io/b', 'shop', 0, -1.5, 12345678901234567890, true, false, null, 'é\u0000"'];
    return scalars[Math.floor(rand() * scalars.length)];
  }
  if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--) o[KEYS[Math.floor(rand() * KEYS.length)]!] = randomValue(rand, depth + 1);
  return o;
}

describe('input projection', () => {
  it('gives the same results as parsing the whole input', async () => {
    const [projected, full] = await both();
    expectSame(projected, full, JSON.stringify(pod));
    expect(projected.evaluateJson('p/summary', JSON.stringify(pod)).result).toMatchObject({ size: 2, kind: 'Pod', same_ns: true, labels: ['app', 'tier'] });
    // keys written with escapes, duplicate keys (the last wins), the input itself not an object
    expectSame(projected, full, '{"review": {"object": {"spec": {"c\\u006fntainers": [{"n\\u0061me": "a", "image": "x"}]}}}}');
    expectSame(projected, full, '{"review": {"name": 1, "name": "n", "object": {"spec": {"containers": [{"image": "a"}], "containers": [{"image": "b"}]}}}}');
    for (const text of ['[]', '"text"', '12', 'null', '{}', '{"review": []}', '{"review": {"object": {"spec": "none"}}}']) expectSame(projected, full, text);
  });

  it('gives the same results on generated inputs', async () => {
    const [projected, full] = await both();
    const rand = prng(7);
    for (let i = 0; i < 300; i++) {
      const doc = { review: { kind: { kind: 'Pod' }, namespace: 'shop', object: { metadata: randomValue(rand, 2), spec: randomValue(rand, 1) } }, x: randomValue(rand, 0) };
      expectSame(projected, full, JSON.stringify(doc));
    }
  });

  it('rejects malformed JSON in parts it skips, as a full parse does', async () => {
    const [projected, full] = await both();
    const skipped = (bad: string) => `{"review": {"object": {"metadata": {"annotations": ${bad}}, "spec": {}}}}`;
    for (const bad of ['[1,,2]', '{"a":}', '"\\x"', '"\\u12g4"', '"a\u0001"', '01', '{"a" 1}', '[1 2]', 'tru', '"open', '{"a":1,}', '[1,]', '{"a":1 "b":2}', '{,}', '[', '{"a":[}]', '[[[]]', 'set(', '{"a"}x']) {
      const result = outcome(projected, 'p/summary', skipped(bad));
      expect(result, bad).toEqual({ error: expect.stringContaining('input is not valid JSON') });
      expect(outcome(full, 'p/summary', skipped(bad)), bad).toEqual({ error: expect.any(String) });
    }
    expect(outcome(projected, 'p/summary', `${JSON.stringify(pod)} trailing`)).toEqual({ error: expect.stringContaining('input is not valid JSON') });
  });
});
