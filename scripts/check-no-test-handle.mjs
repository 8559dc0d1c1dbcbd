#!/usr/bin/env node
// After `npm run build`: the production bundle must not carry the test handle on the editor
// (`window.__netpolEditor`), which only the e2e build (`vite build --mode e2e`) has. Exit 1 if it is found.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'dist';
const HANDLE = '__netpolEditor';
const found = [];
const walk = (path) => {
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.(js|html)$/.test(entry.name) && readFileSync(full, 'utf8').includes(HANDLE)) found.push(full);
  }
};
walk(dir);
if (found.length) {
  console.error(`the production build carries the test handle ${HANDLE}: ${found.join(', ')}`);
  process.exit(1);
}
console.log(`${dir}: no test handle (${HANDLE}) in the production build`);
