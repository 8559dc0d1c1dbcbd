import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { memo, useCallback } from 'react';
import type { GraphNode, LabelSelector } from '../../core/index.ts';
import type { ViewNode } from './collapse.ts';
import { CollapsedSummary, CollapseToggle } from './CollapseControls.tsx';
import { overviewHeight, useDetailed } from './lod.ts';
import type { GraphFlowNode } from './toFlow.ts';
import { displayText } from '../text.ts';

/**
 * Flows run top to bottom (auto layout lays sources above destinations): in at the top, out at the bottom.
 * Handles take the node's connectability (false while the graph is stale), which custom nodes must pass on. */
function Handles({ connectable }: { connectable: boolean }) {
  return (
    <>
      <Handle type="target" position={Position.Top} className="handle handle-in" isConnectable={connectable} />
      <Handle type="source" position={Position.Bottom} className="handle handle-out" isConnectable={connectable} />
    </>
  );
}

/**
 * A node zoomed far out (see lod.ts): its box, colours and border only. The handles stay (hidden by CSS) so React
 * Flow keeps the points where flows end; a leaf keeps the height it was last measured at (in its detailed form
 * when it had one) or an estimate of it, so flows barely move when the zoom crosses the threshold.
 */
function OverviewNode({
  id,
  className,
  node,
  connectable,
}: {
  id: string;
  className: string;
  node: GraphNode;
  connectable: boolean;
}) {
  const container = className.startsWith('container-node');
  const measured = useStore(useCallback((s: ReactFlowState) => s.nodeLookup.get(id)?.measured.height, [id]));
  return (
    <div
      className={`${className} lod`}
      data-lod="overview"
      style={container ? undefined : { height: measured || overviewHeight(node) }}
    >
      <Handles connectable={connectable} />
    </div>
  );
}

/** A selector written out in full: every label and every expression, never collapsed. */
export function SelectorLines({ selector, empty }: { selector: LabelSelector | undefined; empty: string }) {
  const labels = Object.entries(selector?.matchLabels ?? {});
  const expressions = selector?.matchExpressions ?? [];
  if (!labels.length && !expressions.length) return <div className="selector-line muted">{empty}</div>;
  return (
    <>
      {labels.map(([k, v]) => (
        <div className="selector-line" key={`l:${k}`}>
          <span className="label-key">{displayText(k)}</span>=<span className="label-value">{displayText(v)}</span>
        </div>
      ))}
      {expressions.map((e, i) => (
        <div className="selector-line" key={`e:${i}`}>
          <span className="label-key">{displayText(e.key)}</span>{' '}
          <span className="operator">{displayText(e.operator)}</span>
          {Array.isArray(e.values) && e.values.length ? (
            <span className="label-value"> ({e.values.map((v) => displayText(v)).join(', ')})</span>
          ) : e.values !== undefined && !Array.isArray(e.values) ? (
            <span className="label-value"> ({displayText(e.values)})</span>
          ) : null}
        </div>
      ))}
    </>
  );
}

function Shields({ node }: { node: GraphFlowNode['data']['node'] }) {
  const iso = node.isolation;
  if (!iso) return null;
  return (
    <div className="shields">
      <span
        className={`shield ${iso.ingress ? 'shield-on' : 'shield-off'}`}
        title={
          iso.ingress
            ? `Ingress isolated by ${iso.ingressPolicies.map((p) => displayText(p)).join(', ')}`
            : 'Ingress not isolated: all traffic in is allowed'
        }
        data-shield="ingress"
        data-isolated={iso.ingress}
      >
        {iso.ingress ? '● in' : '○ in'}
      </span>
      <span
        className={`shield ${iso.egress ? 'shield-on' : 'shield-off'}`}
        title={
          iso.egress
            ? `Egress isolated by ${iso.egressPolicies.map((p) => displayText(p)).join(', ')}`
            : 'Egress not isolated: all traffic out is allowed'
        }
        data-shield="egress"
        data-isolated={iso.egress}
      >
        {iso.egress ? '● out' : '○ out'}
      </span>
    </div>
  );
}

/** ` is-collapsed` for a container drawn collapsed (collapse.ts). */
const collapsedClass = (node: GraphNode) => ((node as ViewNode).collapsed ? ' is-collapsed' : '');

function NamespaceNodeComponent(props: NodeProps<GraphFlowNode>) {
  const className = `container-node namespace-node${collapsedClass(props.data.node)}${props.selected ? ' is-selected' : ''}`;
  const detailed = useDetailed();
  if (!detailed)
    return (
      <OverviewNode id={props.id} className={className} node={props.data.node} connectable={props.isConnectable} />
    );
  const { data, isConnectable } = props;
  const { node } = data;
  const name = node.ref.kind === 'namespace' ? node.ref.namespace : node.label;
  const labels = Object.entries(node.labels ?? {}).filter(([k]) => k !== 'kubernetes.io/metadata.name');
  return (
    <div className={className}>
      <Handles connectable={isConnectable} />
      <div className="container-title">
        <CollapseToggle id={node.id} name={`namespace ${displayText(name)}`} />
        <span className="kind">namespace</span> <strong>{displayText(name)}</strong>
      </div>
      <CollapsedSummary node={node} />
      <div className="chips">
        {labels.map(([k, v]) => (
          <span className="chip" key={k}>
            {displayText(k)}={displayText(v)}
          </span>
        ))}
      </div>
    </div>
  );
}

function NamespaceSelectorNodeComponent(props: NodeProps<GraphFlowNode>) {
  const className = `container-node selector-node${collapsedClass(props.data.node)}${props.selected ? ' is-selected' : ''}`;
  const detailed = useDetailed();
  if (!detailed)
    return (
      <OverviewNode id={props.id} className={className} node={props.data.node} connectable={props.isConnectable} />
    );
  const { data, isConnectable } = props;
  const { node } = data;
  const selector = node.ref.kind === 'namespacePods' ? node.ref.namespaceSelector : undefined;
  return (
    <div className={className}>
      <Handles connectable={isConnectable} />
      <div className="container-title">
        <CollapseToggle id={node.id} name={`namespaces where ${displayText(node.label)}`} />
        <span className="kind">namespaces where</span>
      </div>
      <CollapsedSummary node={node} />
      <div className="chips">
        <SelectorLines selector={selector} empty="all namespaces" />
      </div>
    </div>
  );
}

function PodGroupNodeComponent(props: NodeProps<GraphFlowNode>) {
  const className = `leaf-node pod-node${props.selected ? ' is-selected' : ''}`;
  const detailed = useDetailed();
  if (!detailed)
    return (
      <OverviewNode id={props.id} className={className} node={props.data.node} connectable={props.isConnectable} />
    );
  const { data, isConnectable } = props;
  const { node } = data;
  const selector = node.ref.kind === 'pods' || node.ref.kind === 'namespacePods' ? node.ref.podSelector : undefined;
  return (
    <div className={className} data-label={displayText(node.label)}>
      <Handles connectable={isConnectable} />
      <div className="leaf-header">
        <span className="kind">pods</span>
        <Shields node={node} />
      </div>
      <SelectorLines selector={selector} empty="all pods" />
    </div>
  );
}

function IpBlockNodeComponent(props: NodeProps<GraphFlowNode>) {
  const className = `leaf-node ip-node${props.selected ? ' is-selected' : ''}`;
  const detailed = useDetailed();
  if (!detailed)
    return (
      <OverviewNode id={props.id} className={className} node={props.data.node} connectable={props.isConnectable} />
    );
  const { data, isConnectable } = props;
  const { node } = data;
  const ref = node.ref.kind === 'ipBlock' ? node.ref : undefined;
  return (
    <div className={className} data-label={displayText(node.label)}>
      <Handles connectable={isConnectable} />
      <div className="leaf-header">
        <span className="kind">ipBlock</span>
      </div>
      <div className="selector-line">
        <strong>{displayText(ref?.cidr)}</strong>
      </div>
      {(Array.isArray(ref?.except) ? ref.except : []).map((e, i) => (
        <div className="selector-line except" key={i}>
          except {displayText(e)}
        </div>
      ))}
    </div>
  );
}

function AnywhereNodeComponent(props: NodeProps<GraphFlowNode>) {
  const className = `leaf-node anywhere-node${props.selected ? ' is-selected' : ''}`;
  const detailed = useDetailed();
  if (!detailed)
    return (
      <OverviewNode id={props.id} className={className} node={props.data.node} connectable={props.isConnectable} />
    );
  const { isConnectable } = props;
  return (
    <div className={className} data-label="anywhere">
      <Handles connectable={isConnectable} />
      <div className="leaf-header">
        <span className="kind">anywhere</span>
      </div>
      <div className="selector-line muted">every pod and address</div>
    </div>
  );
}

// Memoized: a node re-renders only when its props change (React Flow's wrapper already skips pan and zoom).
export const NamespaceNode = memo(NamespaceNodeComponent);
export const NamespaceSelectorNode = memo(NamespaceSelectorNodeComponent);
export const PodGroupNode = memo(PodGroupNodeComponent);
export const IpBlockNode = memo(IpBlockNodeComponent);
export const AnywhereNode = memo(AnywhereNodeComponent);

export const NODE_TYPES = {
  namespace: NamespaceNode,
  namespaceSelector: NamespaceSelectorNode,
  podGroup: PodGroupNode,
  ipBlock: IpBlockNode,
  anywhere: AnywhereNode,
};
