import { useState } from 'react';
import { useDesignerStore } from '../store/designerContext.ts';
import { TEST_IDS } from '../testIds.ts';
import { Dialog } from './Dialog.tsx';

/** Fills the document's `{{PARAM}}` placeholders (the guide's tenant template, for instance). */
export function FillTemplateDialog({ params, onClose }: { params: string[]; onClose: () => void }) {
  const store = useDesignerStore();
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(params.map((p) => [p, ''])));
  return (
    <Dialog title="Fill in template parameters" testId={TEST_IDS.fillDialog} onClose={onClose}>
      <p className="muted">
        Each {'{{NAME}}'} in the document is replaced by its value. Empty values are left as they are.
      </p>
      {params.map((param) => (
        <label key={param}>
          {param}
          <input
            aria-label={param}
            value={values[param] ?? ''}
            onChange={(e) => setValues({ ...values, [param]: e.target.value })}
          />
        </label>
      ))}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            store
              .getState()
              .fillTemplate(Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '')));
            onClose();
          }}
        >
          Fill in
        </button>
      </div>
    </Dialog>
  );
}
