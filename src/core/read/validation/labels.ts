/** `ValidateLabels` and `ValidateLabelSelector` (L1–L6): label maps and selectors, wherever they appear. */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import type { Findings } from './context.ts';
import { invalidValue, isTemplated, labelValueErrors, qualifiedNameErrors } from './names.ts';

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/**
 * `ValidateLabels`: errors are reported at the map's path, as the server does. Since that path does not name the
 * key, the message keeps the server's `Invalid value: "<bad key or value>": ` prefix so the user can tell which.
 */
export function validateLabels(v: Findings, map: Readonly<Record<string, string>>, code: string): void {
  for (const [k, value] of Object.entries(map)) {
    if (!isTemplated(k)) for (const msg of qualifiedNameErrors(k)) v.error(code, invalidValue(k, msg));
    if (!isTemplated(value)) for (const msg of labelValueErrors(value)) v.error(code, invalidValue(value, msg));
  }
}

/** `ValidateLabelSelector` of the selector at `key` (the caller has checked it is present). */
export function validateLabelSelector(v: Findings, key: string, selector: LabelSelector): void {
  v.push(key);
  if (selector.matchLabels) v.at('matchLabels', () => validateLabels(v, selector.matchLabels!, 'L6'));
  const exprs = selector.matchExpressions;
  if (exprs) {
    v.push('matchExpressions');
    for (let i = 0; i < exprs.length; i++) v.at(i, () => validateRequirement(v, exprs[i]!));
    v.pop();
  }
  v.pop();
}

/** `ValidateLabelSelectorRequirement`: the operator and its values (L1–L3), the key (L4), each value (L5). */
function validateRequirement(v: Findings, req: LabelSelectorRequirement): void {
  const operator = req.operator ?? '';
  const values = req.values;
  const n = values?.length ?? 0;
  if (operator === 'In' || operator === 'NotIn') {
    if (n === 0) v.error('L1', "must be specified when `operator` is 'In' or 'NotIn'", ['values']);
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (n > 0) {
      v.error('L2', "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", ['values'], 'remove values');
    }
  } else if (!isTemplated(operator)) {
    const fix = SELECTOR_OPERATORS.find((o) => o.toLowerCase() === operator.toLowerCase());
    v.error(
      'L3',
      'not a valid selector operator',
      ['operator'],
      fix ? `did you mean ${fix}?` : 'use In, NotIn, Exists or DoesNotExist',
    );
  }
  const key = req.key ?? '';
  if (!isTemplated(key)) for (const msg of qualifiedNameErrors(key)) v.error('L4', msg, ['key']);
  if (values) {
    for (let j = 0; j < values.length; j++) {
      const value = values[j]!;
      if (!isTemplated(value)) for (const msg of labelValueErrors(value)) v.error('L5', msg, ['values', j]);
    }
  }
}
