#!/usr/bin/env node
// Bundles the `netpol` CLI (src/cli/main.ts and the core it imports) into one plain JavaScript module,
// dist-cli/netpol.mjs, so the installed CLI needs no TypeScript loader, no WebAssembly and no dependencies.
// Run by `npm run build`, by `npm ci`/`npm install` (the `prepare` script) and by the vitest global setup when
// a source is newer than the bundle. `--if-stale` skips the build when the bundle is already newer than every
// input (src/cli, src/core, package.json, this script).
import { build } from 'esbuild';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const BUNDLE = join(ROOT, 'dist-cli', 'netpol.mjs');

function newestInput() {
  let newest = 0;
  const visit = (path) => {
    const info = statSync(path);
    if (info.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, info.mtimeMs);
  };
  for (const p of ['src/cli', 'src/core', 'package.json', 'scripts/build-cli.mjs']) visit(join(ROOT, p));
  return newest;
}

/** True when dist-cli/netpol.mjs is missing or older than one of its inputs. */
export function bundleIsStale() {
  let built;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    return true;
  }
  return newestInput() > built;
}

export async function buildCli() {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/cli/main.ts'],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // package.json "engines": node >=20.19.
    target: 'node20.19',
    // Node built-ins stay imports; everything else (js-yaml, the core) is inlined.
    packages: 'bundle',
    legalComments: 'eof',
    sourcemap: false,
    minify: false,
    logLevel: 'warning',
    // `netpol --version` (src/cli/version.ts): the version is written in, package.json is not shipped inside.
    define: { NETPOL_VERSION: JSON.stringify(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version) },
    banner: {
      js: [
        '// netpol CLI, bundled from src/cli/main.ts by scripts/build-cli.mjs. Do not edit.',
        // The `yaml` package's Node build is CommonJS and calls require('process'); an ES module has no
        // `require`, so give the bundle one.
        "import { createRequire as __netpolCreateRequire } from 'node:module';",
        'const require = __netpolCreateRequire(import.meta.url);',
      ].join('\n'),
    },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--if-stale') && !bundleIsStale()) process.exit(0);
  const start = performance.now();
  await buildCli();
  console.log(`${relative(ROOT, BUNDLE)} built in ${Math.round(performance.now() - start)} ms`);
}
