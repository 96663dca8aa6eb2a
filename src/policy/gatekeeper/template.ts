// The Rego of a Gatekeeper ConstraintTemplate: the admission target's source (either the
// classic `rego`/`libs` fields or the `code: [{engine: Rego}]` form), its package and the
// `violation` entrypoint the engine evaluates.
import { isObject } from './review.ts';

export interface TemplateRego {
  /** The constraint kind the template defines (spec.crd.spec.names.kind). */
  kind: string;
  /** Package of the main module, e.g. `k8srequiredlabels`. */
  pkg: string;
  /** Wasm entrypoint of the violation rule, e.g. `k8srequiredlabels/violation`. */
  entrypoint: string;
  modules: { filename: string; source: string }[];
  regoVersion: 0 | 1;
}

const TARGET = 'admission.k8s.gatekeeper.sh';

export function packageOf(source: string): string | undefined {
  const m = /^[ \t]*package[ \t]+([A-Za-z_][\w.]*)/m.exec(source.replace(/#.*$/gm, ''));
  return m?.[1];
}

export function regoOfTemplate(template: unknown): TemplateRego {
  const name = isObject(template) && isObject(template.metadata) ? String(template.metadata.name ?? '(unnamed)') : '(unnamed)';
  const fail = (what: string): never => {
    throw new Error(`ConstraintTemplate ${name}: ${what}`);
  };
  if (!isObject(template) || template.kind !== 'ConstraintTemplate') fail('not a ConstraintTemplate');
  const spec = (template as Record<string, unknown>).spec;
  if (!isObject(spec)) return fail('spec is missing');
  const crdNames = isObject(spec.crd) && isObject(spec.crd.spec) && isObject(spec.crd.spec.names) ? spec.crd.spec.names : {};
  const kind = typeof crdNames.kind === 'string' ? crdNames.kind : fail('spec.crd.spec.names.kind is missing');
  const targets = Array.isArray(spec.targets) ? spec.targets.filter(isObject) : [];
  const target = targets.find((t) => t.target === TARGET) ?? targets[0] ?? fail(`spec.targets has no ${TARGET} target`);

  let rego: unknown = target.rego;
  let libs: unknown = target.libs;
  let version: unknown;
  if (typeof rego !== 'string' && Array.isArray(target.code)) {
    const code = target.code.filter(isObject).find((c) => c.engine === 'Rego');
    const source = code && isObject(code.source) ? code.source : undefined;
    rego = source?.rego;
    libs = source?.libs;
    version = source?.version;
  }
  if (typeof rego !== 'string') return fail(`spec.targets[${TARGET}] has no Rego source (rego, or code with engine: Rego)`);
  const pkg = packageOf(rego) ?? fail('the Rego source has no package declaration');
  const libSources = Array.isArray(libs) ? libs.filter((l): l is string => typeof l === 'string') : [];
  return {
    kind,
    pkg,
    entrypoint: `${pkg.split('.').join('/')}/violation`,
    modules: [
      { filename: `${name}.rego`, source: rego },
      ...libSources.map((source, i) => ({ filename: `${name}.lib${i}.rego`, source })),
    ],
    regoVersion: version === 'v1' ? 1 : 0,
  };
}
