import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { TEST_IDS } from '../testIds.ts';
import { Dialog } from './Dialog.tsx';
import { displayText } from '../text.ts';

/** A failed or partial import never replaces the document without the user's word. */
export function ConfirmImportDialog() {
  const store = useDesignerStore();
  const pending = useDesigner((s) => s.pendingImport);
  if (!pending) return null;
  return (
    <Dialog
      title="Replace the document?"
      testId={TEST_IDS.confirmDialog}
      onClose={() => store.getState().cancelImport()}
    >
      <p>{displayText(pending.reason, 1000)}</p>
      {pending.problems.length ? (
        <ul className="plain problems-preview">
          {pending.problems.map((p, i) => (
            <li key={i}>
              line {p.line}: {displayText(p.message, 1000)}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        Replacing keeps what can be read and shows the rest as problems. Your current document can be brought back with
        Undo.
      </p>
      <div className="actions">
        <button type="button" onClick={() => store.getState().cancelImport()} autoFocus>
          Keep current document
        </button>
        <button type="button" className="danger" onClick={() => store.getState().confirmImport()}>
          Replace anyway
        </button>
      </div>
    </Dialog>
  );
}
