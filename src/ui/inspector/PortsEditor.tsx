import { useState } from 'react';
import type { NetworkPolicyPort, Protocol } from '../../core/index.ts';
import { displayText } from '../text.ts';

interface PortRow {
  protocol: Protocol;
  port: string;
  endPort: string;
}

const PROTOCOL_CHOICES: Protocol[] = ['TCP', 'UDP', 'SCTP'];

function rowsOf(ports: NetworkPolicyPort[] | undefined): PortRow[] {
  return (Array.isArray(ports) ? ports : []).map((p) => ({
    protocol: (PROTOCOL_CHOICES.includes(p?.protocol as Protocol) ? p.protocol : 'TCP') as Protocol,
    port: p?.port === undefined || p.port === null ? '' : displayText(p.port),
    endPort: p?.endPort === undefined || p.endPort === null ? '' : displayText(p.endPort),
  }));
}

/** Rows → ports. A number is a port number, anything else a named container port; empty = every port. */
export function portsFromRows(rows: PortRow[]): NetworkPolicyPort[] {
  return rows.map((row) => {
    const port = row.port.trim();
    const endPort = row.endPort.trim();
    return {
      protocol: row.protocol,
      ...(port ? { port: /^\d+$/.test(port) ? Number(port) : port } : {}),
      ...(endPort && /^\d+$/.test(endPort) ? { endPort: Number(endPort) } : {}),
    };
  });
}

/** The ports of a flow: protocol, number or name, and range end, one row each; no row = all ports. */
export function PortsEditor({
  ports,
  onApply,
  disabled,
}: {
  ports: NetworkPolicyPort[] | undefined;
  onApply: (ports: NetworkPolicyPort[] | undefined) => void;
  disabled?: boolean;
}) {
  const [rows, setRows] = useState<PortRow[]>(rowsOf(ports));
  const update = (index: number, patch: Partial<PortRow>) =>
    setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="ports-editor" aria-label="Ports">
      <legend>Ports</legend>
      {!rows.length ? <p className="muted">All ports and protocols.</p> : null}
      {rows.map((row, i) => (
        <div className="row" key={i}>
          <select
            aria-label={`Protocol ${i + 1}`}
            value={row.protocol}
            onChange={(e) => update(i, { protocol: e.target.value as Protocol })}
          >
            {PROTOCOL_CHOICES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
          <input
            aria-label={`Port ${i + 1}`}
            value={row.port}
            placeholder="443 or name"
            onChange={(e) => update(i, { port: e.target.value })}
          />
          <input
            aria-label={`End port ${i + 1}`}
            value={row.endPort}
            placeholder="end"
            className="narrow"
            onChange={(e) => update(i, { endPort: e.target.value })}
          />
          <button
            type="button"
            aria-label={`Remove port ${i + 1}`}
            onClick={() => setRows(rows.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <div className="actions">
        <button type="button" onClick={() => setRows([...rows, { protocol: 'TCP', port: '', endPort: '' }])}>
          + port
        </button>
        <button
          type="button"
          className="primary"
          disabled={disabled}
          onClick={() => onApply(rows.length ? portsFromRows(rows) : undefined)}
        >
          Apply ports
        </button>
      </div>
    </fieldset>
  );
}
