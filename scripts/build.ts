// `npm run build`: compiles the AssemblyScript policy runtime (when present) and the TypeScript sources to dist/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps: { name: string; args: string[]; when?: string }[] = [
  { name: 'policy runtime (AssemblyScript)', args: ['scripts/build-runtime.ts'], when: 'scripts/build-runtime.ts' },
  { name: 'TypeScript', args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'] },
];

for (const step of steps) {
  if (step.when && !existsSync(step.when)) continue;
  const r = spawnSync(process.execPath, step.args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build failed: ${step.name}`);
    process.exit(r.status ?? 1);
  }
}
