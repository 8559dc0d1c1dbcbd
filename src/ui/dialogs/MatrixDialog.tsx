import { useMemo } from 'react';
import { downloadText } from '../export/downloads.ts';
import { matrixView } from '../export/matrix.ts';
import { useDesigner } from '../store/designerContext.ts';
import { TEST_IDS } from '../testIds.ts';
import { Dialog } from './Dialog.tsx';

/** Beyond this many rows the table is cut (the CSV download has everything). */
const MAX_ROWS = 60;

export function MatrixDialog({ onClose }: { onClose: () => void }) {
  const result = useDesigner((s) => s.result);
  const matrix = useMemo(() => matrixView(result), [result]);
  return (
    <Dialog title="Connectivity matrix" testId={TEST_IDS.matrixDialog} onClose={onClose}>
      <p className="muted">
        Rows may connect to columns on the connections shown (both the source's egress and the destination's ingress
        allow it).{' '}
        {matrix.synthesized
          ? 'The document has no workloads, so one representative workload stands for each pod selector.'
          : null}
      </p>
      <div className="matrix-scroll">
        <table className="matrix">
          <thead>
            <tr>
              <th>from \ to</th>
              {matrix.destinations.map((d) => (
                <th key={d} scope="col">
                  {d}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.sources.slice(0, MAX_ROWS).map((source, r) => (
              <tr key={source}>
                <th scope="row">{source}</th>
                {matrix.cells[r]!.map((cell, c) => (
                  <td key={c} className={cell ? 'allowed' : 'denied'}>
                    {cell || '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {matrix.sources.length > MAX_ROWS ? (
        <p className="muted">
          Showing {MAX_ROWS} of {matrix.sources.length} sources; the CSV has them all.
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => downloadText('connectivity.csv', matrix.csv, 'text/csv')}>
          Download CSV
        </button>
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
