/**
 * kubernetes-sigs/network-policy-api policy-assistant (formerly cyclonus): the simple-example probe truth tables
 * (`.` allowed / `X` blocked; `N` = no container serves the port, skipped), its archived traffic answers, and the
 * transcribed matcher and integration cases. policy-assistant matches ipBlocks against any IP, pods included,
 * so these run with `ipBlockMatchesPods: true`; the archived tables decide loopback by policy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainConnection, type Endpoint } from '../../src/core/analysis/explain.ts';
import { buildModel } from '../../src/core/analysis/model.ts';
import { NAMESPACE_NAME_LABEL } from '../../src/core/read/inventory.ts';
import type { ContainerPort, Inventory, NetworkPolicy, Protocol, WorkloadInfo } from '../../src/core/model/types.ts';
import { loadInputs, sharedDir } from './load.ts';

const root = sharedDir('conformance/policy-assistant', 'policy-assistant conformance');
const json = <T>(...path: string[]): T => JSON.parse(readFileSync(join(root!, ...path), 'utf8')) as T;
const proto = (p: string): Protocol => p.toUpperCase() as Protocol;

interface PaInternal {
  namespace?: string;
  Namespace?: string;
  podLabels?: Record<string, string> | null;
  PodLabels?: Record<string, string> | null;
  namespaceLabels?: Record<string, string> | null;
  NamespaceLabels?: Record<string, string> | null;
}
interface PaPeer {
  internal?: PaInternal;
  Internal?: PaInternal;
  ip?: string;
  IP?: string;
}
interface PaTraffic {
  source?: PaPeer;
  Source?: PaPeer;
  destination?: PaPeer;
  Destination?: PaPeer;
  protocol?: string;
  Protocol?: string;
  resolvedPort?: number;
  ResolvedPort?: number;
  resolvedPortName?: string;
  ResolvedPortName?: string;
}

/**
 * A policy-assistant Traffic peer as an endpoint: `Internal` is a pod (labels, namespace, namespace labels, IP),
 * otherwise a bare IP. A destination pod serves the resolved port under the resolved name, so named ports resolve.
 */
function trafficEndpoint(peer: PaPeer, ports: ContainerPort[] | undefined): Endpoint {
  const internal = peer.internal ?? peer.Internal;
  const ip = peer.ip ?? peer.IP;
  if (!internal) return { kind: 'ip', ip: ip! };
  return {
    kind: 'pod',
    namespace: internal.namespace ?? internal.Namespace ?? 'default',
    labels: internal.podLabels ?? internal.PodLabels ?? {},
    namespaceLabels: internal.namespaceLabels ?? internal.NamespaceLabels ?? {},
    ips: ip ? [ip] : [],
    ...(ports ? { ports } : {}),
  };
}

function trafficAllowed(policies: NetworkPolicy[], t: PaTraffic): boolean {
  const protocol = proto(t.protocol ?? t.Protocol ?? 'TCP');
  const name = t.resolvedPortName ?? t.ResolvedPortName;
  // A Traffic may carry only the port's name; any number stands for "the number the destination serves it on".
  const port = t.resolvedPort ?? t.ResolvedPort ?? 8080;
  const dstPorts = name ? [{ name, containerPort: port, protocol }] : [];
  const model = buildModel({ policies }, { ipBlockMatchesPods: true });
  return explainConnection(
    model,
    trafficEndpoint((t.source ?? t.Source)!, undefined),
    trafficEndpoint((t.destination ?? t.Destination)!, dstPorts),
    { port, protocol },
  ).allowed;
}

// The cases are read while the suite is collected, so without the shared material nothing is declared.
if (!root) describe.skip('policy-assistant (needs ../shared)', () => it('skipped', () => {}));
else
  describe('policy-assistant', () => {
    const counts = { cells: 0, cellsPassed: 0, cases: 0, casesPassed: 0 };
    afterAll(() =>
      console.log(
        `policy-assistant conformance: ${counts.cellsPassed}/${counts.cells} probe cells, ${counts.casesPassed}/${counts.cases} traffic/matcher/integration cases`,
      ),
    );

    describe('simple-example probe tables', () => {
      interface ProbeModel {
        Resources: {
          Namespaces: Record<string, Record<string, string>>;
          Pods: {
            Namespace: string;
            Name: string;
            Labels: Record<string, string>;
            IP: string;
            Containers: { Port: number; PortName: string; Protocol: string }[];
          }[];
        };
      }
      type Table = Record<string, Record<string, string>>;
      interface Expected {
        probes: { protocol: string; port: number; ingress: Table; egress: Table; combined: Table }[];
      }
      const probe = json<ProbeModel>('simple-example', 'probe.json');
      const inventory: Inventory = {
        namespaces: Object.entries(probe.Resources.Namespaces).map(([name, labels]) => ({
          name,
          labels: { ...labels, [NAMESPACE_NAME_LABEL]: name },
        })),
        workloads: probe.Resources.Pods.map((p): WorkloadInfo => ({
          namespace: p.Namespace,
          name: p.Name,
          kind: 'Pod',
          labels: p.Labels,
          ports: p.Containers.map((c) => ({ name: c.PortName, containerPort: c.Port, protocol: proto(c.Protocol) })),
          ips: [p.IP],
          hostNetwork: false,
        })),
      };
      const policyDir = join(root!, 'simple-example', 'policies');
      const { policies } = loadInputs(policyDir);
      const model = buildModel({ policies, inventory }, { ipBlockMatchesPods: true });
      const endpoint = (id: string): Endpoint => {
        const w = inventory.workloads.find((x) => `${x.namespace}/${x.name}` === id)!;
        return { kind: 'pod', namespace: w.namespace, labels: w.labels, ports: w.ports, ips: w.ips, name: id };
      };
      const expected = json<Expected>('simple-example', 'expected-probe.json');

      it('reads the 7 policies', () => {
        expect(readdirSync(policyDir).length).toBe(7);
        expect(policies.length).toBe(7);
      });

      for (const p of expected.probes)
        it(`${p.protocol} ${p.port}: ingress, egress and combined tables`, () => {
          const misses: string[] = [];
          for (const table of ['ingress', 'egress', 'combined'] as const)
            for (const [from, row] of Object.entries(p[table]))
              for (const [to, cell] of Object.entries(row)) {
                if (cell !== '.' && cell !== 'X') continue;
                counts.cells++;
                const x = explainConnection(
                  model,
                  endpoint(from),
                  endpoint(to),
                  { port: p.port, protocol: proto(p.protocol) },
                  { ipBlockMatchesPods: true, loopbackAlwaysAllowed: false },
                );
                const verdict =
                  table === 'ingress' ? x.ingress.allowed : table === 'egress' ? x.egress.allowed : x.allowed;
                if ((verdict ? '.' : 'X') === cell) counts.cellsPassed++;
                else misses.push(`${table} ${from} → ${to}: expected ${cell}`);
              }
          expect(misses).toEqual([]);
        });

      const traffic = json<{ cases: { traffic: PaTraffic; expected_allowed: boolean }[] }>(
        'simple-example',
        'expected-traffic.json',
      );
      traffic.cases.forEach((c, i) =>
        it(`query-traffic #${i + 1}`, () => {
          counts.cases++;
          expect(
            trafficAllowed(
              policies.map((p) => p.policy),
              c.traffic,
            ),
          ).toBe(c.expected_allowed);
          counts.casesPassed++;
        }),
      );
    });

    describe('matcher policy_tests.go', () => {
      const data = json<{
        cases: { name: string; policies: NetworkPolicy[]; traffic: PaTraffic; expectAllowed: boolean }[];
      }>('transcribed-go-tests', 'matcher_policy_tests.json');
      for (const c of data.cases)
        it(c.name, () => {
          counts.cases++;
          expect(trafficAllowed(c.policies, c.traffic)).toBe(c.expectAllowed);
          counts.casesPassed++;
        });
    });

    describe('integration_test.go (NetworkPolicy v1)', () => {
      interface Flow {
        from: string;
        to: string;
        port: number;
        protocol: string;
      }
      interface Case {
        name: string;
        resources: {
          namespaces: Record<string, Record<string, string>>;
          pods: {
            namespace: string;
            name: string;
            labels: Record<string, string>;
            containerPorts: { name: string; port: number; protocol: string }[];
          }[];
        };
        policies: NetworkPolicy[];
        defaultIngress: 'allowed' | 'blocked';
        defaultEgress: 'allowed' | 'blocked';
        nonDefaultIngress: Flow[];
        nonDefaultEgress: Flow[];
      }
      const data = json<{ cases: Case[] }>('transcribed-go-tests', 'integration_netpol_v1.json');
      for (const c of data.cases)
        it(c.name, () => {
          counts.cases++;
          const inventory: Inventory = {
            namespaces: Object.entries(c.resources.namespaces).map(([name, labels]) => ({
              name,
              labels: { ...labels, [NAMESPACE_NAME_LABEL]: name },
            })),
            workloads: c.resources.pods.map((p) => ({
              namespace: p.namespace,
              name: p.name,
              kind: 'Pod',
              labels: p.labels,
              ports: p.containerPorts.map((cp) => ({
                name: cp.name,
                containerPort: cp.port,
                protocol: proto(cp.protocol),
              })),
              ips: [],
              hostNetwork: false,
            })),
          };
          const model = buildModel({ policies: c.policies, inventory });
          const key = (f: Flow) => `${f.from}|${f.to}|${f.port}|${proto(f.protocol)}`;
          const flipIn = new Set(c.nonDefaultIngress.map(key));
          const flipEg = new Set(c.nonDefaultEgress.map(key));
          const misses: string[] = [];
          let checked = 0;
          for (const src of inventory.workloads)
            for (const dst of inventory.workloads) {
              const from = `${src.namespace}/${src.name}`;
              const to = `${dst.namespace}/${dst.name}`;
              // Loopback is "undefined" in the simulator: not part of the expectation.
              if (from === to) continue;
              for (const cp of dst.ports) {
                const f: Flow = { from, to, port: cp.containerPort, protocol: cp.protocol };
                const x = explainConnection(
                  model,
                  { kind: 'pod', namespace: src.namespace, labels: src.labels, ports: src.ports, name: from },
                  { kind: 'pod', namespace: dst.namespace, labels: dst.labels, ports: dst.ports, name: to },
                  { port: cp.containerPort, protocol: cp.protocol },
                );
                const wantIn = (c.defaultIngress === 'allowed') !== flipIn.has(key(f));
                const wantEg = (c.defaultEgress === 'allowed') !== flipEg.has(key(f));
                checked++;
                if (x.ingress.allowed !== wantIn) misses.push(`ingress ${key(f)}: expected ${wantIn}`);
                if (x.egress.allowed !== wantEg) misses.push(`egress ${key(f)}: expected ${wantEg}`);
              }
            }
          expect(checked).toBeGreaterThan(0);
          expect(misses).toEqual([]);
          counts.casesPassed++;
        });
    });
  });
