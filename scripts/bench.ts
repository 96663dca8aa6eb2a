// `npm run bench -- NAME...` runs bench/NAME.ts; `npm run bench` runs every bench/*.ts (not lib/).
// Each benchmark runs in its own process (so one cannot skew another) and prints one JSON line,
// which is passed through unchanged. Exits non-zero if any benchmark fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'bench';
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const selected = names.length > 0 ? names : all;

let failed = 0;
for (const name of selected) {
  const file = join(dir, `${name}.ts`);
  if (!existsSync(file)) {
    console.error(`bench: no benchmark ${file}; available: ${all.join(', ')}`);
    failed++;
    continue;
  }
  const r = spawnSync(process.execPath, ['--expose-gc', file], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`bench: ${name} failed (exit ${r.status ?? r.signal})`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
