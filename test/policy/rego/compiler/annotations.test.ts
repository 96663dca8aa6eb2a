// METADATA annotations: rego.metadata.rule() and rego.metadata.chain() answer from the comments
// before rules and packages, and a malformed block is a parse error at its location.
import { describe, expect, it } from 'vitest';
import { compileModules, loadPolicy } from '../../../../src/policy/index.ts';

async function result(modules: string[], entrypoint: string): Promise<unknown> {
  const wasm = await compileModules(modules.map((source, i) => ({ filename: `m${i}.rego`, source })), { entrypoints: [entrypoint], regoVersion: 1 });
  return loadPolicy(wasm).evaluate(entrypoint, {}).result;
}

describe('rego.metadata', () => {
  it('turns authors and related resources into objects and keeps custom fields', async () => {
    const source = `# METADATA
# title: Images from trusted registries
# authors:
# - Platform Team <platform@example.com>
# - name: Sec
# related_resources:
# - https://example.com/policy
# custom:
#   severity: high
#   controls: [CM-7]
package k8s.images

# METADATA
# title: untrusted registry
# custom:
#   severity: high
deny contains msg if {
  meta := rego.metadata.rule()
  msg := sprintf("%s (%s)", [meta.title, meta.custom.severity])
}
`;
    expect(await result([source], 'k8s/images/deny')).toEqual(['untrusted registry (high)']);
    const chain = `${source}\nchain := rego.metadata.chain()\n`;
    const entries = (await result([chain], 'k8s/images/chain')) as { path: string[]; annotations?: Record<string, unknown> }[];
    expect(entries[0]).toEqual({ path: ['k8s', 'images', 'chain'] });
    expect(entries[1]).toEqual({
      path: ['k8s', 'images'],
      annotations: {
        scope: 'package', title: 'Images from trusted registries',
        authors: [{ name: 'Platform Team', email: 'platform@example.com' }, { name: 'Sec' }],
        related_resources: [{ ref: 'https://example.com/policy' }],
        custom: { severity: 'high', controls: ['CM-7'] },
      },
    });
  });

  it('walks up through subpackages annotations', async () => {
    const root = '# METADATA\n# scope: subpackages\n# organizations: [Example]\npackage k8s\n';
    const leaf = 'package k8s.net\n\np := rego.metadata.chain()\n';
    expect(await result([root, leaf], 'k8s/net/p')).toEqual([
      { path: ['k8s', 'net', 'p'] },
      { path: ['k8s'], annotations: { scope: 'subpackages', organizations: ['Example'] } },
    ]);
  });

  it('rejects unknown keys and scopes with the location of the block', async () => {
    await expect(result(['package a\n\n# METADATA\n# titel: typo\np := 1\n'], 'a/p')).rejects.toThrow(/m0\.rego:3:\d+: rego_parse_error: invalid metadata: unknown key "titel"/);
    await expect(result(['# METADATA\n# scope: rule\npackage a\n'], 'a/p')).rejects.toThrow(/invalid metadata: scope "rule" on a package/);
  });
});
