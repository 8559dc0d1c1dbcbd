/**
 * Every counterexample a fuzz run or a sweep ever found, as the text that broke. `npm test` runs each through
 * the whole core (regressions.test.ts) on every commit; a new one is added here before its fix (#17: CI must
 * replay what was found, not hope to roll it again).
 */
export interface Regression {
  /** Where and when it was found, and what it did. */
  found: string;
  text: string;
}

const policy = (metadata: string, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n${metadata}spec:\n${spec}`;

export const REGRESSIONS: Regression[] = [
  {
    found:
      'issue #17, tests/hostile/fuzz.test.ts with a random seed on CI: metadata.name a mapping with a toString key; every command stopped with "internal error: Cannot convert object to primitive value"',
    text: policy('  name: {toString: x}\n  namespace: prod\n', '  podSelector: {}\n'),
  },
  {
    found:
      'issue #17, designer: a label value that is a mapping (an indentation slip) rendered an object as a React child (error #31)',
    text: policy(
      '  name: web\n  namespace: prod\n',
      '  podSelector:\n    matchLabels:\n      app:\n        web: true\n',
    ),
  },
  {
    found: 'issue #17, designer: the prototype-key hostile file once "Replace anyway" was chosen',
    text: policy(
      '  name: web\n  namespace: prod\n',
      '  podSelector:\n    matchLabels: {constructor: {prototype: {polluted: yes}}}\n',
    ),
  },
  {
    found:
      'issue #17 sweep: toString mappings at selector keys/values, matchExpressions, ipBlock cidr and except, port, protocol, endPort (graph crashed at 35 positions, analyze at 14, lint at 8)',
    text: policy(
      '  name: web\n  namespace: prod\n',
      `  podSelector:
    matchExpressions:
      - {key: {toString: x}, operator: {toString: x}, values: [{toString: x}]}
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {team: {toString: x}}}
          podSelector: {matchLabels: {app: {valueOf: 1}}}
        - ipBlock: {cidr: {toString: x}, except: [{toString: x}]}
      ports:
        - {port: {toString: x}, protocol: {toString: x}, endPort: {toString: x}}
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [{valueOf: 1}]}}]
      ports: [{port: 80, endPort: {toString: x}}]
`,
    ),
  },
  {
    found: 'issue #17: wrong types in the inventory the analysis reads (labels, names, ports, owners)',
    text: `apiVersion: v1
kind: Namespace
metadata: {name: {toString: x}, labels: {team: {toString: x}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: [prod]
  labels: {app: {valueOf: 1}}
  ownerReferences: [{kind: {toString: x}, name: {toString: x}, controller: true}]
spec:
  containers: [{ports: [{containerPort: {toString: x}, name: {toString: x}, protocol: {toString: x}}]}]
status: {podIP: {toString: x}, podIPs: [{ip: {toString: x}}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: prod}
spec: {template: {metadata: {labels: {toString: {toString: x}}}}}
`,
  },
  {
    found:
      'door sweep of lint: a Service selector value with toString made P-16 stringify it (String(v)); its namespace a mapping reached messages',
    text: `apiVersion: v1
kind: Service
metadata: {name: web, namespace: {toString: x}}
spec: {selector: {app: {toString: x}}, ports: [{port: 80, targetPort: {valueOf: 1}}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: prod}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod, labels: {app: web}}
spec: {containers: [{ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: 80}]}]
`,
  },
  {
    found: 'issue #17: kind and apiVersion that are mappings, in a document and in a List',
    text: `apiVersion: {toString: x}
kind: NetworkPolicy
metadata: {name: a, namespace: prod}
spec: {podSelector: {}}
---
apiVersion: v1
kind: List
items:
  - {apiVersion: networking.k8s.io/v1, kind: {toString: x}, metadata: {name: b}}
  - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: {valueOf: 1}, namespace: prod}, spec: {podSelector: {}}}
`,
  },
];
