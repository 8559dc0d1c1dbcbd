/** Test helpers: read a folder of Kubernetes manifests (recursively, .yaml/.yml/.json) through the core reader. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { read } from '../../src/core/read/read.ts';
import type { Diagnostic, Inventory, PolicyEntry } from '../../src/core/model/types.ts';
import type { AdminPolicyEntry } from '../../src/core/model/admin.ts';

export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** The shared folder when present; otherwise prints one line and returns undefined (CI always has it). */
export function sharedDir(sub: string, suite: string): string | undefined {
  const dir = join(SHARED, sub);
  if (existsSync(dir)) return dir;
  console.log(`${suite}: ${dir} not found, skipping`);
  return undefined;
}

export function listInputFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const p = join(path, name);
    if (statSync(p).isDirectory()) out.push(...listInputFiles(p));
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(p);
  }
  return out;
}

export interface LoadedInput {
  policies: PolicyEntry[];
  adminPolicies: AdminPolicyEntry[];
  inventory: Inventory;
  diagnostics: Diagnostic[];
}

/** Reads every input file under the given paths and merges policies and inventory. */
export function loadInputs(...paths: string[]): LoadedInput {
  const out: LoadedInput = {
    policies: [],
    adminPolicies: [],
    inventory: { namespaces: [], workloads: [] },
    diagnostics: [],
  };
  for (const path of paths)
    for (const file of listInputFiles(path)) {
      const r = read(readFileSync(file, 'utf8'), { file });
      out.policies.push(...r.policies);
      out.adminPolicies.push(...r.adminPolicies);
      out.inventory.namespaces.push(...r.inventory.namespaces);
      out.inventory.workloads.push(...r.inventory.workloads);
      out.diagnostics.push(...r.diagnostics);
    }
  return out;
}
