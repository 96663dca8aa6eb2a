#!/usr/bin/env node
// The `ocm` command. Runs the compiled CLI (npm run build writes dist/).
import { main } from '../dist/src/cli/main.js';

main(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
