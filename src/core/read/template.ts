/**
 * `{{NAME}}` template parameters, as in the guide's tenant template (`namespace: tenant-{{TENANT_NAME}}`,
 * `cidr: "{{TENANT_HYPERVISOR_CIDR}}"`). A value containing a parameter is not validated as what it will
 * become; it is reported as a parameter, and `instantiate` fills it in.
 */
const PARAM = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

/** The same pattern without the global flag, so `test` keeps no state between calls. */
const HAS_PARAM = new RegExp(PARAM.source);

export function hasTemplateParam(value: string): boolean {
  return HAS_PARAM.test(value);
}

/** Names of the parameters in a string, in order of first appearance. */
export function templateParamsIn(value: string): string[] {
  const names: string[] = [];
  // A plain substring search first: most texts (a 1,000-policy document on every keystroke) have no `{{`.
  if (!value.includes('{{')) return names;
  for (const m of value.matchAll(PARAM)) if (!names.includes(m[1]!)) names.push(m[1]!);
  return names;
}

/** Names of the parameters anywhere in a parsed value (keys and string values). */
export function collectTemplateParams(value: unknown, into: string[] = [], depth = 0): string[] {
  if (depth > 200) return into;
  if (typeof value === 'string') {
    for (const n of templateParamsIn(value)) if (!into.includes(n)) into.push(n);
  } else if (Array.isArray(value)) {
    for (const v of value) collectTemplateParams(v, into, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      collectTemplateParams(k, into, depth + 1);
      collectTemplateParams(v, into, depth + 1);
    }
  }
  return into;
}

/**
 * Fills in parameters in a text. Unknown parameters are left as they are, so instantiation can be partial.
 * Works on text so the template's comments and layout survive.
 */
export function instantiateTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PARAM, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** Parameters in a text, in order of first appearance. */
export function templateParamsInText(text: string): string[] {
  return templateParamsIn(text);
}
