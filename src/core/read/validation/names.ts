/**
 * apimachinery's `pkg/util/validation` (names, label keys and values, port names) and the wording helpers of
 * its `field` errors, in the server's words. Lengths are Go's (bytes of UTF-8).
 */
import { hasTemplateParam } from '../template.ts';

/** A string value with a `{{NAME}}` placeholder: a template parameter, not validated. */
export const isTemplated = (s: string): boolean => s.length > 3 && s.includes('{{') && hasTemplateParam(s);

const NONE: readonly string[] = Object.freeze([]);

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

export const PORT_RANGE_MSG = 'must be between 1 and 65535, inclusive';
export const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * (1 << 10);

/**
 * Go's `%q` for the values we quote (plain strings). A value longer than 200 characters is cut (with its
 * length), so a 100,000-character label does not make a 100,000-character message line.
 */
export const quote = (s: string): string =>
  s.length > 200 ? `${JSON.stringify(s.slice(0, 200))}… (${s.length} characters)` : JSON.stringify(s);
/** The body of a Go `field.Invalid` error: `Invalid value: "x": detail`. */
export const invalidValue = (value: string, detail: string): string => `Invalid value: ${quote(value)}: ${detail}`;
