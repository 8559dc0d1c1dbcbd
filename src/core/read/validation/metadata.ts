/** `ValidateObjectMeta` for a namespaced object: name or generateName (M1, M2), namespace (M3, P-33), labels (M4), annotations (M5). */
import type { ObjectMeta } from '../../model/types.ts';
import type { Findings } from './context.ts';
import { validateLabels } from './labels.ts';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  invalidValue,
  isTemplated,
  qualifiedNameErrors,
  TOTAL_ANNOTATION_SIZE_LIMIT,
  utf8Length,
} from './names.ts';

export function validateObjectMeta(v: Findings, meta: ObjectMeta): void {
  v.push('metadata');
  const generateName = meta.generateName ?? '';
  if (generateName && !isTemplated(generateName)) {
    // NameIsDNSSubdomain(name, prefix=true): a trailing '-' is allowed. Upstream's maskTrailingDash drops the
    // last *two* characters and appends 'a' (`name[:len(name)-2] + "a"`); reproduced as is.
    const masked =
      generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -2)}a` : generateName;
    for (const msg of dns1123SubdomainErrors(masked)) v.error('M2', msg, ['generateName']);
  }
  const name = meta.name ?? '';
  if (name === '') {
    // On create the registry fills in the name from generateName before validating.
    if (!generateName) v.error('M1', 'name or generateName is required', ['name'], 'set metadata.name');
  } else if (!isTemplated(name)) {
    for (const msg of dns1123SubdomainErrors(name)) v.error('M1', msg, ['name']);
  }
  const namespace = meta.namespace ?? '';
  if (namespace === '') {
    // kubectl fills in the context's namespace when the manifest has none, so this is not a rejection.
    v.emit(
      'warning',
      'P-33',
      "metadata.namespace is not set: the policy lands in the kubectl context's namespace",
      ['namespace'],
      'set metadata.namespace explicitly',
    );
  } else if (!isTemplated(namespace)) {
    for (const msg of dns1123LabelErrors(namespace)) v.error('M3', msg, ['namespace']);
  }
  if (meta.labels) v.at('labels', () => validateLabels(v, meta.labels!, 'M4'));
  if (meta.annotations) v.at('annotations', () => validateAnnotations(v, meta.annotations!));
  v.pop();
}

/** `ValidateAnnotations`: keys are qualified names (compared lower-cased); keys and values total at most 256 KiB. */
function validateAnnotations(v: Findings, map: Readonly<Record<string, string>>): void {
  let total = 0;
  for (const [k, value] of Object.entries(map)) {
    if (!isTemplated(k)) for (const msg of qualifiedNameErrors(k.toLowerCase())) v.error('M5', invalidValue(k, msg));
    total += utf8Length(k) + utf8Length(value);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    v.error('M5', `Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`);
  }
}
