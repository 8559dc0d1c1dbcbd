#!/usr/bin/env node
// `netpol`: runs the bundled CLI (dist-cli/netpol.mjs, plain JavaScript built by scripts/build-cli.mjs at
// `npm run build` and at `npm ci`/`npm install` through the `prepare` script). No TypeScript loader here.
let cli;
try {
  cli = await import('../dist-cli/netpol.mjs');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist-cli')) throw e;
  process.stderr.write('netpol: dist-cli/netpol.mjs is missing: run `npm run build:cli` in the checkout\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
