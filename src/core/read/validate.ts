/**
 * The Kubernetes API server's validation of a NetworkPolicy (networking.k8s.io/v1), rule for rule and in the
 * server's order: `ValidateObjectMeta` (M1–M5), then `ValidateNetworkPolicySpec`: spec.podSelector (L1–L6),
 * each ingress rule's ports (P1–P7) then peers (R1–R2, L1–L6, B1–B4), each egress rule likewise, then
 * policyTypes (S2–S3). Codes are the row ids of netpol-semantics.md §2; messages are the server's wording.
 *
 * The input is one object exactly as parsed from YAML, so any field may be missing, null or of the wrong type.
 * The server fails to decode a wrongly typed field (HTTP 400, not 422); we report it as code `type` and keep
 * validating the rest. `null` is decoded by Go as the zero value (an absent pointer, an empty struct or string),
 * and we treat it the same way: `ingress: [null]` is the allow-all rule `{}`, `from: [null]` is an empty peer.
 *
 * Accepted-but-suspicious values are warnings with the linter's codes: P-33 (no namespace: kubectl fills it in
 * from the context), P-12 (duplicate policyTypes), P-25 (non-canonical CIDR, accepted while the
 * `StrictIPCIDRValidation` gate is off, which is the default).
 *
 * Strings containing a `{{NAME}}` template parameter are not validated: they are filled in later.
 *
 * Hot path: this runs for every policy of large files, so the current field path is one mutable stack, copied
 * only when a finding is emitted, and the regexes are compiled once.
 */
import { formatIp, isStrictSubsetForApiServer, parseCidr, type ParsedCidr } from '../model/cidr.ts';
import { hasTemplateParam } from './template.ts';
import type { FieldPath, Finding, NetworkPolicy, Severity } from '../model/types.ts';
import { NETWORK_POLICY } from '../model/schema.ts';
import { admit, describeValue, isUnderRejected } from './door.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string value with a `{{NAME}}` placeholder: a template parameter, not validated. */
const isTemplated = (s: string): boolean => s.length > 3 && s.includes('{{') && hasTemplateParam(s);

const NONE: readonly string[] = Object.freeze([]);

// ---- apimachinery `pkg/util/validation` -------------------------------------------------------------

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_RE = new RegExp(`^${QNAME_FMT}$`);
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const PORT_NAME_CHARSET_RE = /^[-a-z0-9]+$/;
const PORT_NAME_ONE_LETTER_RE = /[a-z]/;

/** Go's `RegexError(msg, fmt, examples...)`. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}
const maxLenError = (n: number): string => `must be no more than ${n} characters`;
const EMPTY_ERROR = 'must be non-empty';

const DNS1123_SUBDOMAIN_MSG = regexError(
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  DNS1123_SUBDOMAIN_FMT,
  'example.com',
);
const DNS1123_LABEL_MSG = regexError(
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  DNS1123_LABEL_FMT,
  'my-name',
  '123-abc',
);
const QNAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QNAME_MSG = regexError(QNAME_ERR, QNAME_FMT, 'MyName', 'my.name', '123-abc');
const QNAME_TOO_MANY_SLASHES_MSG = `a qualified name ${QNAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
const LABEL_VALUE_MSG = regexError(
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  LABEL_VALUE_FMT,
  'MyValue',
  'my_value',
  '12345',
);

/** Go measures lengths in bytes (of UTF-8). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a surrogate pair: 2 UTF-16 units, 4 bytes
      i++;
    } else n += 2; // 3 bytes (a lone surrogate becomes U+FFFD, also 3 bytes)
  }
  return n;
}

/** `IsDNS1123Subdomain`. */
export function dns1123SubdomainErrors(value: string): readonly string[] {
  const long = utf8Length(value) > 253;
  const bad = !DNS1123_SUBDOMAIN_RE.test(value);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(253));
  if (bad) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

/** `IsDNS1123Label`. */
export function dns1123LabelErrors(value: string): readonly string[] {
  const long = utf8Length(value) > 63;
  const bad = !DNS1123_LABEL_RE.test(value);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  // A valid subdomain that is not a valid label: the length was checked, so it must be the dots.
  if (bad) errs.push(DNS1123_SUBDOMAIN_RE.test(value) ? 'must not contain dots' : DNS1123_LABEL_MSG);
  return errs;
}

/** `IsQualifiedName` (label keys, annotation keys, selector keys). */
export function qualifiedNameErrors(value: string): readonly string[] {
  const slash = value.indexOf('/');
  if (slash < 0 && value.length > 0 && value.length <= 63 && QNAME_RE.test(value)) return NONE; // fast path
  const errs: string[] = [];
  let name = value;
  if (slash >= 0) {
    if (value.indexOf('/', slash + 1) >= 0) return [QNAME_TOO_MANY_SLASHES_MSG];
    const prefix = value.slice(0, slash);
    name = value.slice(slash + 1);
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
    else for (const msg of dns1123SubdomainErrors(prefix)) errs.push(`prefix part ${msg}`);
  }
  if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
  else if (utf8Length(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QNAME_RE.test(name)) errs.push(`name part ${QNAME_MSG}`);
  return errs.length ? errs : NONE;
}

/** `IsValidLabelValue`. */
export function labelValueErrors(value: string): readonly string[] {
  const long = utf8Length(value) > 63;
  const bad = !LABEL_VALUE_RE.test(value);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(63));
  if (bad) errs.push(LABEL_VALUE_MSG);
  return errs;
}

/** `IsValidPortName` (IANA_SVC_NAME). */
export function portNameErrors(port: string): readonly string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!PORT_NAME_CHARSET_RE.test(port))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!PORT_NAME_ONE_LETTER_RE.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs.length ? errs : NONE;
}

const PORT_RANGE_MSG = 'must be between 1 and 65535, inclusive';
const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * (1 << 10);
const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);
const isInt32 = (v: number): boolean => Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;

/**
 * Go's `%q` for the values we quote (plain strings). A value longer than 200 characters is cut (with its
 * length), so a 100,000-character label does not make a 100,000-character message line.
 */
const quote = (s: string): string =>
  s.length > 200 ? `${JSON.stringify(s.slice(0, 200))}… (${s.length} characters)` : JSON.stringify(s);
/** The body of a Go `field.Invalid` error: `Invalid value: "x": detail`. */
const invalidValue = (value: string, detail: string): string => `Invalid value: ${quote(value)}: ${detail}`;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${quote(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') return `the number ${String(v)}`;
  if (typeof v === 'boolean') return `the boolean ${String(v)}`;
  return typeof v;
}

// ---- the validator ----------------------------------------------------------------------------------

export interface ValidateOptions {
  /**
   * Validate CIDRs as with the `StrictIPCIDRValidation` feature gate on (alpha since 1.33, default off): host bits,
   * leading zeros and IPv4-mapped addresses become errors instead of P-25 warnings.
   */
  strictCidr?: boolean;
}

class Validator {
  readonly out: Finding[] = [];
  private readonly strictCidr: boolean;
  constructor(strictCidr: boolean) {
    this.strictCidr = strictCidr;
  }
  /** The current field path; pushed and popped as the walk descends, copied only into findings. */
  private readonly path: (string | number)[] = [];

  push(key: string | number): void {
    this.path.push(key);
  }
  pop(): void {
    this.path.pop();
  }

  emit(severity: Severity, code: string, message: string, tail?: (string | number)[], fix?: string): void {
    const path: FieldPath = tail ? [...this.path, ...tail] : this.path.slice();
    const f: Finding = { severity, code, message, path };
    if (fix !== undefined) f.fix = fix;
    this.out.push(f);
  }
  error(code: string, message: string, tail?: (string | number)[], fix?: string): void {
    this.emit('error', code, message, tail, fix);
  }
  typeError(expected: string, value: unknown, tail?: (string | number)[], fix?: string): void {
    this.emit('error', 'type', `must be ${expected}, not ${typeName(value)}`, tail, fix);
  }

  /** A list field: absent/null → undefined; a non-list → a type error and undefined. */
  list(parent: Obj, key: string): unknown[] | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v;
    this.typeError('a list', v, [key], isObj(v) ? `make it a list item: start it with "- "` : undefined);
    return undefined;
  }

  /** An object field: absent/null → undefined; a non-object → a type error and undefined. */
  object(parent: Obj, key: string): Obj | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    if (isObj(v)) return v;
    this.typeError('an object', v, [key]);
    return undefined;
  }

  /** A string field: absent/null → '' (Go's zero value); a non-string → a type error and undefined. */
  string(parent: Obj, key: string): string | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    this.typeError(
      'a string',
      v,
      [key],
      typeof v === 'number' || typeof v === 'boolean' ? `quote it: "${String(v)}"` : undefined,
    );
    return undefined;
  }

  // ---- metadata (ValidateObjectMeta) ----

  metadata(obj: Obj): void {
    const meta = this.object(obj, 'metadata') ?? {};
    this.push('metadata');
    const generateName = this.string(meta, 'generateName');
    if (generateName && !isTemplated(generateName)) {
      // NameIsDNSSubdomain(name, prefix=true): a trailing '-' is allowed. Upstream's maskTrailingDash drops the
      // last *two* characters and appends 'a' (`name[:len(name)-2] + "a"`); reproduced as is.
      const masked =
        generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -2)}a` : generateName;
      for (const msg of dns1123SubdomainErrors(masked)) this.error('M2', msg, ['generateName']);
    }
    const name = this.string(meta, 'name');
    if (name === '') {
      // On create the registry fills in the name from generateName before validating.
      if (!generateName) this.error('M1', 'name or generateName is required', ['name'], 'set metadata.name');
    } else if (name !== undefined && !isTemplated(name)) {
      for (const msg of dns1123SubdomainErrors(name)) this.error('M1', msg, ['name']);
    }
    const namespace = this.string(meta, 'namespace');
    if (namespace === '') {
      // kubectl fills in the context's namespace when the manifest has none, so this is not a rejection.
      this.emit(
        'warning',
        'P-33',
        "metadata.namespace is not set: the policy lands in the kubectl context's namespace",
        ['namespace'],
        'set metadata.namespace explicitly',
      );
    } else if (namespace !== undefined && !isTemplated(namespace)) {
      for (const msg of dns1123LabelErrors(namespace)) this.error('M3', msg, ['namespace']);
    }
    const labels = this.object(meta, 'labels');
    if (labels) {
      this.push('labels');
      this.labelMap(labels, 'M4');
      this.pop();
    }
    const annotations = this.object(meta, 'annotations');
    if (annotations) {
      this.push('annotations');
      this.annotations(annotations);
      this.pop();
    }
    this.pop();
  }

  /**
   * `ValidateLabels`: errors are reported at the map's path, as the server does. Since that path does not name the
   * key, the message keeps the server's `Invalid value: "<bad key or value>": ` prefix so the user can tell which.
   */
  labelMap(map: Obj, code: string): void {
    for (const [k, v] of Object.entries(map)) {
      if (!isTemplated(k)) for (const msg of qualifiedNameErrors(k)) this.error(code, invalidValue(k, msg));
      if (v === null || v === undefined) continue; // decoded as ''
      if (typeof v !== 'string') continue; // typed at the door: not reached
      if (!isTemplated(v)) for (const msg of labelValueErrors(v)) this.error(code, invalidValue(v, msg));
    }
  }

  annotations(map: Obj): void {
    let total = 0;
    for (const [k, v] of Object.entries(map)) {
      if (!isTemplated(k))
        for (const msg of qualifiedNameErrors(k.toLowerCase())) this.error('M5', invalidValue(k, msg));
      total += utf8Length(k);
      if (v === null || v === undefined) continue;
      if (typeof v !== 'string') continue; // typed at the door: not reached
      total += utf8Length(v);
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
      this.error('M5', `Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`);
    }
  }

  // ---- label selectors (ValidateLabelSelector) ----

  /** Validates the selector at `parent[key]`; the caller has checked it is present. */
  selector(parent: Obj, key: string): void {
    const sel = this.object(parent, key);
    if (!sel) return;
    this.push(key);
    const matchLabels = this.object(sel, 'matchLabels');
    if (matchLabels) {
      this.push('matchLabels');
      this.labelMap(matchLabels, 'L6');
      this.pop();
    }
    const exprs = this.list(sel, 'matchExpressions');
    if (exprs) {
      this.push('matchExpressions');
      for (let i = 0; i < exprs.length; i++) {
        this.push(i);
        this.requirement(exprs[i]);
        this.pop();
      }
      this.pop();
    }
    this.pop();
  }

  requirement(item: unknown): void {
    let req: Obj;
    if (item === null || item === undefined) req = {};
    else if (isObj(item)) req = item;
    else {
      this.typeError('an object like {key: app, operator: In, values: [web]}', item);
      return;
    }
    const operator = this.string(req, 'operator');
    const values = this.list(req, 'values');
    const n = values?.length ?? 0;
    if (operator === 'In' || operator === 'NotIn') {
      if (n === 0) this.error('L1', "must be specified when `operator` is 'In' or 'NotIn'", ['values']);
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (n > 0) {
        this.error(
          'L2',
          "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ['values'],
          'remove values',
        );
      }
    } else if (operator !== undefined && !isTemplated(operator)) {
      const fix = SELECTOR_OPERATORS.find((o) => o.toLowerCase() === operator.toLowerCase());
      this.error(
        'L3',
        'not a valid selector operator',
        ['operator'],
        fix ? `did you mean ${fix}?` : 'use In, NotIn, Exists or DoesNotExist',
      );
    }
    const key = this.string(req, 'key');
    if (key !== undefined && !isTemplated(key))
      for (const msg of qualifiedNameErrors(key)) this.error('L4', msg, ['key']);
    if (values) {
      for (let j = 0; j < values.length; j++) {
        const v = values[j];
        if (v === null || v === undefined) continue; // decoded as ''
        if (typeof v !== 'string') continue; // typed at the door: not reached
        if (!isTemplated(v)) for (const msg of labelValueErrors(v)) this.error('L5', msg, ['values', j]);
      }
    }
  }

  // ---- spec (ValidateNetworkPolicySpec) ----

  spec(obj: Obj): void {
    const spec = this.object(obj, 'spec');
    if (!spec) return;
    this.push('spec');
    if (spec.podSelector !== undefined && spec.podSelector !== null) this.selector(spec, 'podSelector');
    this.rules(spec, 'ingress', 'from');
    this.rules(spec, 'egress', 'to');
    this.policyTypes(spec);
    this.pop();
  }

  rules(spec: Obj, direction: 'ingress' | 'egress', peersKey: 'from' | 'to'): void {
    const rules = this.list(spec, direction);
    if (!rules) return;
    this.push(direction);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (rule === null || rule === undefined) continue; // decoded as {}: allow all
      this.push(i);
      if (!isObj(rule)) {
        this.typeError(`an object (a rule with ${peersKey} and ports)`, rule);
      } else {
        const ports = this.list(rule, 'ports');
        if (ports) {
          this.push('ports');
          for (let j = 0; j < ports.length; j++) {
            this.push(j);
            this.port(ports[j]);
            this.pop();
          }
          this.pop();
        }
        const peers = this.list(rule, peersKey);
        if (peers) {
          this.push(peersKey);
          for (let j = 0; j < peers.length; j++) {
            this.push(j);
            this.peer(peers[j]);
            this.pop();
          }
          this.pop();
        }
      }
      this.pop();
    }
    this.pop();
  }

  /** `ValidateNetworkPolicyPort`. */
  port(item: unknown): void {
    if (item === null || item === undefined) return; // decoded as {}: protocol defaults to TCP
    if (!isObj(item)) {
      this.typeError(
        'an object like {protocol: TCP, port: 80}',
        item,
        undefined,
        typeof item === 'number' ? `write {protocol: TCP, port: ${item}}` : undefined,
      );
      return;
    }
    const protocol = item.protocol;
    if (protocol !== undefined && protocol !== null) {
      if (typeof protocol !== 'string') this.typeError('a string', protocol, ['protocol']);
      else if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP' && !isTemplated(protocol)) {
        const upper = protocol.toUpperCase();
        this.error(
          'P1',
          `Unsupported value: ${quote(protocol)}: supported values: "TCP", "UDP", "SCTP"`,
          ['protocol'],
          upper === 'TCP' || upper === 'UDP' || upper === 'SCTP' ? `did you mean ${upper}?` : 'use TCP, UDP or SCTP',
        );
      }
    }
    // endPort is an int32: anything else fails to decode.
    let endPort: number | undefined;
    let endPortSet = false;
    const rawEnd = item.endPort;
    if (rawEnd !== undefined && rawEnd !== null) {
      endPortSet = true;
      if (typeof rawEnd === 'number' && isInt32(rawEnd)) endPort = rawEnd;
      else
        this.typeError(
          'an integer',
          rawEnd,
          ['endPort'],
          typeof rawEnd === 'string' && /^\d+$/.test(rawEnd) ? `write it unquoted: endPort: ${rawEnd}` : undefined,
        );
    }
    const port = item.port;
    if (port === undefined || port === null) {
      if (endPortSet) this.error('P7', 'may not be specified when `port` is not specified', ['endPort']);
      return;
    }
    if (typeof port === 'number') {
      if (!isInt32(port)) {
        this.typeError('an integer port number or a port name', port, ['port']);
        return;
      }
      if (port < 1 || port > 65535) this.error('P2', PORT_RANGE_MSG, ['port']);
      if (endPort !== undefined) {
        if (endPort < port) this.error('P3', 'must be greater than or equal to `port`', ['endPort']);
        if (endPort < 1 || endPort > 65535) this.error('P4', PORT_RANGE_MSG, ['endPort']);
      }
      return;
    }
    if (typeof port === 'string') {
      if (isTemplated(port)) return; // may become a number or a name
      if (endPortSet) this.error('P5', 'may not be specified when `port` is non-numeric', ['endPort']);
      const errs = portNameErrors(port);
      if (errs.length) {
        const fix = /^\d+$/.test(port) ? `write the number unquoted: port: ${port}` : undefined;
        for (const msg of errs) this.error('P6', msg, ['port'], fix);
      }
      return;
    }
    this.typeError('a port number or a port name', port, ['port']);
  }

  /** `ValidateNetworkPolicyPeer`. */
  peer(item: unknown): void {
    let peer: Obj;
    if (item === null || item === undefined) peer = {};
    else if (isObj(item)) peer = item;
    else {
      this.typeError('an object with podSelector, namespaceSelector or ipBlock', item);
      return;
    }
    let count = 0;
    const hasPod = peer.podSelector !== undefined && peer.podSelector !== null;
    const hasNs = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
    const hasIpBlock = peer.ipBlock !== undefined && peer.ipBlock !== null;
    if (hasPod) {
      count++;
      this.selector(peer, 'podSelector');
    }
    if (hasNs) {
      count++;
      this.selector(peer, 'namespaceSelector');
    }
    if (hasIpBlock) {
      count++;
      const ipBlock = this.object(peer, 'ipBlock');
      if (ipBlock) {
        this.push('ipBlock');
        this.ipBlock(ipBlock);
        this.pop();
      }
    }
    if (count === 0) {
      this.error(
        'R1',
        'must specify a peer',
        undefined,
        'to match everything, leave out the peer list instead (a rule without from/to matches all peers)',
      );
    } else if (count > 1 && hasIpBlock) {
      this.error(
        'R2',
        'may not specify both ipBlock and another peer',
        undefined,
        'split it into two peers: one with the ipBlock, one with the selectors',
      );
    }
  }

  /** `ValidateIPBlock`. */
  ipBlock(block: Obj): void {
    const cidrText = this.string(block, 'cidr');
    if (cidrText === undefined) return; // wrong type, reported
    if (cidrText === '') {
      this.error('B1', 'Required value', ['cidr'], 'set cidr, e.g. 0.0.0.0/0');
      return;
    }
    let cidr: ParsedCidr | undefined;
    const templated = isTemplated(cidrText);
    if (!templated) {
      cidr = parseCidr(cidrText);
      if (!cidr) {
        this.error('B2', CIDR_MSG, ['cidr']);
        return;
      }
      this.canonicalCidr(cidrText, cidr, ['cidr'], 'B2');
    }
    const except = this.list(block, 'except');
    if (!except) return;
    for (let j = 0; j < except.length; j++) {
      const e = except[j];
      if (typeof e !== 'string') {
        if (e === null || e === undefined)
          this.error('B3', CIDR_MSG, ['except', j]); // decoded as ''
        else this.typeError('a string', e, ['except', j]);
        continue;
      }
      if (isTemplated(e)) continue;
      const ex = parseCidr(e);
      if (!ex) {
        this.error('B3', CIDR_MSG, ['except', j]);
        continue;
      }
      this.canonicalCidr(e, ex, ['except', j], 'B3');
      if (cidr && !isStrictSubsetForApiServer(cidr, ex)) {
        this.error('B4', 'must be a strict subset of `cidr`', ['except', j], strictSubsetFix(cidr, ex));
      }
    }
  }

  /**
   * A CIDR that parses but is not in standard form. With the `StrictIPCIDRValidation` gate off (the default) the
   * server accepts it, and newer servers return the warnings of `GetWarningsForCIDR`, which we report as P-25 with
   * the same wording; with the gate on it is rejected with `parseCIDR`'s strict messages.
   */
  canonicalCidr(text: string, c: ParsedCidr, tail: (string | number)[], code: 'B2' | 'B3'): void {
    if (!c.nonCanonical) return;
    const use = c.ipv4Equivalent ?? c.canonical;
    const fix = `did you mean ${use}?`;
    if (this.strictCidr) {
      const strict = c.leadingZeros
        ? 'must not have leading 0s in IP or prefix length'
        : c.ipv4Mapped
          ? 'must not have an IPv4-mapped IPv6 address'
          : c.hostBitsSet
            ? 'must not have bits set beyond the prefix length'
            : undefined;
      if (strict) {
        this.error(code, strict, tail, fix);
        return;
      }
    }
    let warned = false;
    if (c.hostBitsSet) {
      const ip =
        c.ipv4Mapped && c.prefix >= 96
          ? { family: 4 as const, value: c.address & 0xffffffffn }
          : { family: c.family, value: c.address };
      const single = `${formatIp(ip.family, ip.value)}/${ip.family === 4 ? 32 : 128}`;
      this.emit(
        'warning',
        'P-25',
        `CIDR value ${quote(text)} is ambiguous in this context (should be ${quote(use)} or ${quote(single)}?)`,
        tail,
        `${fix} (or ${single} for the single address)`,
      );
      warned = true;
    }
    if (c.leadingZeros || c.ipv4Mapped) {
      this.emit(
        'warning',
        'P-25',
        `non-standard CIDR value ${quote(text)} will be considered invalid in a future Kubernetes release: use ${quote(use)}`,
        tail,
        fix,
      );
      warned = true;
    }
    if (!warned && c.family === 6) {
      this.emit(
        'warning',
        'P-25',
        `IPv6 CIDR value ${quote(text)} should be in RFC 5952 canonical format (${quote(c.canonical)})`,
        tail,
        fix,
      );
    }
  }

  policyTypes(spec: Obj): void {
    const types = this.list(spec, 'policyTypes');
    if (!types) return;
    if (types.length > 2) {
      this.error('S2', 'may not specify more than two policyTypes', ['policyTypes']);
      return; // the server returns early: the values are not checked
    }
    for (let i = 0; i < types.length; i++) {
      const t = types[i];
      if (t === 'Ingress' || t === 'Egress') continue;
      if (typeof t === 'string') {
        if (isTemplated(t)) continue;
        const lower = t.toLowerCase();
        const fix =
          lower === 'ingress' ? 'did you mean Ingress?' : lower === 'egress' ? 'did you mean Egress?' : undefined;
        this.error(
          'S3',
          `Unsupported value: ${quote(t)}: supported values: "Ingress", "Egress"`,
          ['policyTypes', i],
          fix,
        );
      } else if (t === null || t === undefined) {
        this.error('S3', `Unsupported value: "": supported values: "Ingress", "Egress"`, ['policyTypes', i]);
      } else {
        this.typeError('a string', t, ['policyTypes', i]);
      }
    }
    if (types.length === 2 && types[0] === types[1] && (types[0] === 'Ingress' || types[0] === 'Egress')) {
      this.emit(
        'warning',
        'P-12',
        `duplicate policyType ${quote(types[0])}: accepted by the API server, but probably a mistake`,
        ['policyTypes', 1],
        `did you mean ${types[0] === 'Ingress' ? 'Egress' : 'Ingress'}?`,
      );
    }
  }
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

function strictSubsetFix(cidr: ParsedCidr, except: ParsedCidr): string {
  if (cidr.family !== except.family && !cidr.ipv4Mapped && !except.ipv4Mapped) {
    return `an except must be of the same IP family as cidr ${cidr.canonical}; put it in a separate ipBlock`;
  }
  if (except.canonical === cidr.canonical || except.prefix <= cidr.prefix) {
    return `an except must be smaller than cidr ${cidr.canonical}; to exclude the whole block, remove the peer`;
  }
  return `an except must lie inside cidr ${cidr.canonical}; remove it or fix the address`;
}

/**
 * Every check the API server makes on a NetworkPolicy create, in the server's order, plus the warnings
 * P-33, P-12 and P-25: first the door's type errors (`door.ts`), then the rules on the typed model. Never
 * throws: any shape of input gives findings.
 */
export function validateNetworkPolicy(obj: unknown, options: ValidateOptions = {}): Finding[] {
  if (!isObj(obj)) {
    return [
      {
        severity: 'error',
        code: 'type',
        message: `must be a mapping (a NetworkPolicy), got ${describeValue(obj)}`,
        path: [],
      },
    ];
  }
  const door = admit<NetworkPolicy>(obj, NETWORK_POLICY);
  return [...door.findings, ...validateAdmittedNetworkPolicy(door.value, door.rejected, options)];
}

/**
 * The rules on a policy that has passed the door. Findings at or under a path the door rejected are left out:
 * the type error already covers that place (a rejected `metadata.name` is not also "required").
 */
export function validateAdmittedNetworkPolicy(
  policy: NetworkPolicy,
  rejected: readonly FieldPath[] = [],
  options: ValidateOptions = {},
): Finding[] {
  const v = new Validator(options.strictCidr === true);
  const obj = policy as unknown as Obj;
  try {
    v.metadata(obj);
    v.spec(obj);
  } catch (e) {
    // Defensive only: plain YAML data cannot make the walk throw, but exotic objects (getters) might.
    v.out.push({
      severity: 'error',
      code: 'internal',
      message: `validation stopped: ${e instanceof Error ? e.message : 'unknown error'}`,
      path: [],
    });
  }
  return rejected.length ? v.out.filter((f) => !isUnderRejected(f.path, rejected)) : v.out;
}
