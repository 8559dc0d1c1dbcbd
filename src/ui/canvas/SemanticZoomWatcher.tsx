/** Sets the semantic zoom's class and scale on the React Flow element (semanticZoom.ts). */
import { useStore, type ReactFlowState } from '@xyflow/react';
import { useLayoutEffect } from 'react';
import { isDetailedZoom } from './lod.ts';
import { labelScale } from './semanticZoom.ts';
import './semanticZoom.css';

/** 1 in the overview (no text drawn there) or zoomed in; the labels' scale in between. */
const scaleSelector = (s: ReactFlowState) =>
  isDetailedZoom(s.transform[2], s.nodeLookup.size) ? labelScale(s.transform[2]) : 1;
const domSelector = (s: ReactFlowState) => s.domNode;

export function SemanticZoomWatcher() {
  const scale = useStore(scaleSelector);
  const root = useStore(domSelector);
  useLayoutEffect(() => {
    if (!root) return;
    root.classList.toggle('semantic-zoom', scale > 1);
    root.style.setProperty('--label-scale', String(scale));
  }, [root, scale]);
  return null;
}
