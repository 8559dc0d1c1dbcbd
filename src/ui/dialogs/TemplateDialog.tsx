import { useState } from 'react';
import { useDesignerStore } from '../store/designerContext.ts';
import { parsePortList, TEMPLATES, type TemplateId, type TemplateInput } from '../store/designerStore.ts';
import { TEST_IDS } from '../testIds.ts';
import { Dialog } from './Dialog.tsx';

const labelsToText = (labels: Record<string, string> | undefined) =>
  Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

function textToLabels(text: string): Record<string, string> | string {
  const labels: Record<string, string> = {};
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return part;
    labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return labels;
}

const portsToText = (ports: TemplateInput['ports']) =>
  (ports ?? [])
    .map((p) => `${p.protocol ?? 'TCP'} ${String(p.port ?? '')}${p.endPort ? `-${p.endPort}` : ''}`)
    .join(', ');

const FIELD_LABELS: Record<keyof TemplateInput, string> = {
  namespace: 'Namespace',
  podLabels: 'Pods (labels, empty = all pods)',
  fromNamespace: 'From namespace',
  fromPodLabels: 'From pods (labels, empty = all pods)',
  cidr: 'CIDR',
  except: 'Except (CIDRs, comma separated)',
  ports: 'Ports (e.g. TCP 443, UDP 53; empty = all)',
};

export function TemplateDialog({ initial, onClose }: { initial: TemplateId; onClose: () => void }) {
  const store = useDesignerStore();
  const [id, setId] = useState<TemplateId>(initial);
  const template = TEMPLATES.find((t) => t.id === id)!;
  const defaults = (t: typeof template): Record<keyof TemplateInput, string> => ({
    namespace: t.defaults.namespace ?? 'default',
    podLabels: labelsToText(t.defaults.podLabels),
    fromNamespace: t.defaults.fromNamespace ?? '',
    fromPodLabels: labelsToText(t.defaults.fromPodLabels),
    cidr: t.defaults.cidr ?? '',
    except: (t.defaults.except ?? []).join(', '),
    ports: portsToText(t.defaults.ports),
  });
  const [values, setValues] = useState(defaults(template));
  const [problem, setProblem] = useState<string | null>(null);

  const add = () => {
    const podLabels = textToLabels(values.podLabels);
    const fromPodLabels = textToLabels(values.fromPodLabels);
    const ports = parsePortList(values.ports);
    if (typeof podLabels === 'string' || typeof fromPodLabels === 'string') {
      setProblem(`"${typeof podLabels === 'string' ? podLabels : fromPodLabels}" is not key=value`);
      return;
    }
    if ('error' in ports) {
      setProblem(`"${ports.error}" is not a port`);
      return;
    }
    if (!values.namespace.trim()) {
      setProblem('a namespace is needed');
      return;
    }
    store.getState().addTemplate(id, {
      namespace: values.namespace.trim(),
      podLabels,
      fromNamespace: values.fromNamespace.trim(),
      fromPodLabels,
      cidr: values.cidr.trim(),
      except: values.except
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      ports: ports.ports,
    });
    onClose();
  };

  return (
    <Dialog title="Add from a template" testId={TEST_IDS.templateDialog} onClose={onClose}>
      <label>
        Template
        <select
          aria-label="Template"
          value={id}
          onChange={(e) => {
            const next = e.target.value as TemplateId;
            setId(next);
            setValues(defaults(TEMPLATES.find((t) => t.id === next)!));
          }}
        >
          {TEMPLATES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">{template.description}</p>
      {template.fields.map((field) => (
        <label key={field}>
          {template.fieldLabels?.[field] ?? FIELD_LABELS[field]}
          <input
            aria-label={template.fieldLabels?.[field] ?? FIELD_LABELS[field]}
            value={values[field]}
            onChange={(e) => setValues({ ...values, [field]: e.target.value })}
          />
        </label>
      ))}
      {problem ? (
        <p className="error-list" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={add}>
          Add policy
        </button>
      </div>
    </Dialog>
  );
}
