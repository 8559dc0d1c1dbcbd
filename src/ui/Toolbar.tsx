import { useReactFlow } from '@xyflow/react';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { downloadBlob, downloadText, svgToPng } from './export/downloads.ts';
import { graphForSvg } from './export/graphExport.ts';
import { buildGraphSvg } from './export/graphSvg.ts';
import { zipPerNamespace } from './export/namespaceZip.ts';
import { positionsOf } from './layout/placement.ts';
import { encodeShare, SHARE_URL_SOFT_LIMIT } from './persistence/shareCodec.ts';
import { useDesigner, useDesignerStore } from './store/designerContext.ts';
import { templateParamsInText, type TemplateId } from './store/designerStore.ts';
import { TEST_IDS } from './testIds.ts';

export type OpenDialog =
  | { kind: 'wizard' }
  | { kind: 'matrix' }
  | { kind: 'template'; id: TemplateId }
  | { kind: 'fill'; params: string[] }
  | null;

export function Toolbar({ onOpen }: { onOpen: (dialog: OpenDialog) => void }) {
  const store = useDesignerStore();
  const flow = useReactFlow();
  const [shareUrl, setShareUrl] = useState<string | null>(null);
  const [newNamespace, setNewNamespace] = useState('');
  const { stale, layoutRunning, text } = useDesigner(
    useShallow((s) => ({ stale: s.stale, layoutRunning: s.layoutRunning, text: s.text })),
  );
  const templateParams = templateParamsInText(text);

  const graphSvg = () => {
    const graph = store.getState().graph;
    const measured = graph.nodes.flatMap((n) => {
      const internal = flow.getInternalNode(n.id);
      if (!internal) return [];
      return [
        {
          id: n.id,
          x: internal.internals.positionAbsolute.x,
          y: internal.internals.positionAbsolute.y,
          width: internal.measured.width ?? internal.width ?? 200,
          height: internal.measured.height ?? internal.height ?? 60,
        },
      ];
    });
    const { boxes, flows } = graphForSvg(graph, measured);
    return buildGraphSvg(boxes, flows);
  };

  const run = (what: string, action: () => Promise<void> | void) => async () => {
    try {
      await action();
    } catch (error) {
      store.getState().notify('error', `${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <header className="toolbar" role="toolbar" aria-label="Document">
      <strong className="brand">Netpol Designer</strong>
      <div className="group">
        <button type="button" onClick={() => store.getState().undo()} title="Ctrl+Z">
          Undo
        </button>
        <button type="button" onClick={() => store.getState().redo()} title="Ctrl+Shift+Z">
          Redo
        </button>
        <button type="button" disabled={layoutRunning || stale} onClick={() => store.getState().requestLayout()}>
          Auto layout
        </button>
        <button type="button" onClick={() => onOpen({ kind: 'matrix' })}>
          Matrix
        </button>
      </div>
      <div className="group">
        <input
          aria-label="New namespace name"
          placeholder="namespace"
          value={newNamespace}
          className="narrow-input"
          onChange={(e) => setNewNamespace(e.target.value)}
        />
        <button
          type="button"
          disabled={!newNamespace.trim() || stale}
          onClick={() => {
            void store
              .getState()
              .dispatch({ type: 'addNamespace', name: newNamespace.trim() })
              .then((applied) => applied && setNewNamespace(''));
          }}
        >
          Add namespace
        </button>
        <button type="button" onClick={() => onOpen({ kind: 'wizard' })}>
          Tenant isolation…
        </button>
        <select
          aria-label="Templates"
          value=""
          onChange={(e) => {
            if (e.target.value) onOpen({ kind: 'template', id: e.target.value as TemplateId });
          }}
        >
          <option value="">Templates…</option>
          <option value="default-deny-ingress">Default deny ingress</option>
          <option value="default-deny-egress">Default deny egress</option>
          <option value="default-deny-all">Default deny both</option>
          <option value="allow-dns">Allow DNS</option>
          <option value="allow-from-namespace">Allow from a namespace</option>
          <option value="allow-to-cidr">Allow to a CIDR</option>
          <option value="provider-from-manager">Provider ← manager (9443)</option>
          <option value="provider-from-monitoring">Provider ← monitoring (8080)</option>
          <option value="provider-egress">Provider → vCenter 443 / libvirt 16509</option>
        </select>
        {templateParams.length ? (
          <button type="button" onClick={() => onOpen({ kind: 'fill', params: templateParams })}>
            Fill template ({templateParams.length})
          </button>
        ) : null}
      </div>
      <div className="group">
        <FileButton
          label="Import…"
          ariaLabel="Import YAML"
          accept=".yaml,.yml,.json,.md,.txt"
          onFile={async (file) => store.getState().importText(await file.text(), file.name)}
        />
        <FileButton
          label="Import flows…"
          ariaLabel="Import flows"
          accept=".json,.jsonl,.log,.txt"
          onFile={(file) => store.getState().importFlows(file, file.name)}
        />
        <FileButton
          label="Load tests…"
          ariaLabel="Load tests"
          title="A policy test file (netpol test): pass or fail, live as you edit"
          accept=".yaml,.yml,.json,.txt"
          onFile={async (file) => store.getState().loadTests(await file.text(), file.name)}
        />
        <button
          type="button"
          onClick={run('Download', () => {
            store.flushDraft();
            downloadText('networkpolicies.yaml', store.getState().text, 'application/yaml');
          })}
        >
          Download YAML
        </button>
        <button
          type="button"
          onClick={run('Zip export', () => {
            store.flushDraft();
            const zip = zipPerNamespace(store.getState().result);
            downloadBlob('networkpolicies.zip', new Blob([zip], { type: 'application/zip' }));
          })}
        >
          Zip per namespace
        </button>
        <button
          type="button"
          onClick={run('Copy', async () => {
            store.flushDraft();
            await navigator.clipboard.writeText(store.getState().text);
            store.getState().notify('info', 'YAML copied to the clipboard.');
          })}
        >
          Copy YAML
        </button>
        <button
          type="button"
          onClick={run('SVG export', () => downloadText('policy-graph.svg', graphSvg(), 'image/svg+xml'))}
        >
          SVG
        </button>
        <button
          type="button"
          onClick={run('PNG export', async () => downloadBlob('policy-graph.png', await svgToPng(graphSvg())))}
        >
          PNG
        </button>
        <button
          type="button"
          onClick={run('Share link', async () => {
            store.flushDraft();
            const state = store.getState();
            const url = `${location.origin}${location.pathname}#${encodeShare({ text: state.text, positions: positionsOf(state.graph, state.positions) })}`;
            setShareUrl(url);
            try {
              await navigator.clipboard.writeText(url);
              state.notify(
                'info',
                url.length > SHARE_URL_SOFT_LIMIT
                  ? `Share link copied, but it is ${url.length} characters long: some tools cut long links.`
                  : 'Share link copied to the clipboard.',
              );
            } catch {
              state.notify('info', 'Share link ready: copy it from the box.');
            }
          })}
        >
          Share link
        </button>
        {shareUrl ? (
          <input
            className="share-url"
            readOnly
            aria-label="Share link"
            data-testid={TEST_IDS.shareLink}
            value={shareUrl}
            onFocus={(e) => e.target.select()}
          />
        ) : null}
      </div>
    </header>
  );
}

/** A button that opens the file chooser; the chosen file goes to `onFile`, and the same file can be chosen again. */
function FileButton(props: {
  label: string;
  ariaLabel: string;
  accept: string;
  title?: string;
  onFile: (file: File) => unknown;
}) {
  return (
    <label className="file-button" title={props.title}>
      {props.label}
      <input
        type="file"
        aria-label={props.ariaLabel}
        accept={props.accept}
        onChange={async (e) => {
          const input = e.target;
          const file = input.files?.[0];
          if (file) await props.onFile(file);
          input.value = '';
        }}
      />
    </label>
  );
}
