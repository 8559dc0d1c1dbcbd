import { describe, expect, it } from 'vitest';
import { hasTemplateParam, instantiateTemplate, templateParamsIn } from '../../src/core/read/template.ts';

describe('{{PARAM}} templates', () => {
  it('finds parameters, and asking twice gives the same answer (no regex state leaks between calls)', () => {
    const v = 'tenant-{{TENANT_NAME}}';
    expect(hasTemplateParam(v)).toBe(true);
    expect(templateParamsIn(v)).toEqual(['TENANT_NAME']);
    expect(hasTemplateParam(v)).toBe(true);
    expect(templateParamsIn('{{ A }}-{{B}}-{{A}}')).toEqual(['A', 'B']);
    expect(hasTemplateParam('{{ $labels.pod }}')).toBe(false); // Prometheus templating is not ours
  });

  it('instantiates what it is given and leaves the rest, keeping comments and layout', () => {
    const text = '# tenant template\nmetadata:\n  namespace: tenant-{{TENANT_NAME}}  # ns\ncidr: "{{CIDR}}"\n';
    expect(instantiateTemplate(text, { TENANT_NAME: 'acme' })).toBe(
      '# tenant template\nmetadata:\n  namespace: tenant-acme  # ns\ncidr: "{{CIDR}}"\n',
    );
  });
});
