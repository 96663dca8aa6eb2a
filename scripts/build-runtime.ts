// Builds the AssemblyScript policy runtime into build/policy-runtime.wasm (see src/policy/wasm/runtime/README.md).
// Steps: asc (stub runtime, imported memory, no env.abort), then rename the native builtin exports
// `builtin$a$b` to `builtin:a.b` and check that only imports the OPA SDK provides remain.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import binaryen from 'binaryen';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src/policy/wasm/runtime/assembly/index.ts');
const outDir = join(root, 'build');
const rawFile = join(outDir, 'policy-runtime.asc.wasm');
const outFile = join(outDir, 'policy-runtime.wasm');

const allowedImports = new Set([
  'env.memory', 'env.opa_abort', 'env.opa_println',
  'env.opa_builtin0', 'env.opa_builtin1', 'env.opa_builtin2', 'env.opa_builtin3', 'env.opa_builtin4',
  'policy.eval', 'policy.builtins', 'policy.entrypoints', 'policy.heap_base', 'policy.input_projection',
]);

async function compile(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const asc = await import('assemblyscript/asc');
  const { error, stderr } = await asc.main([
    entry, '--runtime', 'stub', '--importMemory', '--noAssert', '--use', 'abort=',
    '-O3', '--converge', '--outFile', rawFile,
  ]);
  if (error) {
    console.error(stderr.toString());
    throw new Error(`asc failed: ${error.message}`);
  }
}

function postProcess(): void {
  const mod = binaryen.readBinary(readFileSync(rawFile));
  try {
    mod.setFeatures(
      binaryen.Features.MVP | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt |
        binaryen.Features.MutableGlobals | binaryen.Features.SignExt | binaryen.Features.NontrappingFPToInt,
    );
    const renames: { from: string; to: string; internal: string }[] = [];
    for (let i = 0; i < mod.getNumExports(); i++) {
      const info = binaryen.getExportInfo(mod.getExportByIndex(i));
      if (info.name.startsWith('builtin$')) {
        renames.push({ from: info.name, to: 'builtin:' + info.name.slice('builtin$'.length).replaceAll('$', '.'), internal: info.value });
      }
    }
    for (const r of renames) {
      mod.removeExport(r.from);
      mod.addFunctionExport(r.internal, r.to);
    }
    for (let i = 0; i < mod.getNumFunctions(); i++) {
      const f = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
      if (f.module && !allowedImports.has(`${f.module}.${f.base}`)) {
        throw new Error(`runtime imports ${f.module}.${f.base}, which the OPA SDK does not provide`);
      }
    }
    if (!mod.validate()) throw new Error('runtime module does not validate');
    writeFileSync(outFile, mod.emitBinary());
    console.log(`policy runtime: ${outFile} (${renames.length} native builtins)`);
  } finally {
    mod.dispose();
  }
}

await compile();
postProcess();
