/**
 * IPv4/IPv6 addresses and CIDRs as the Kubernetes API server reads them, with addresses as bigints.
 *
 * Parsing follows `netutils.ParseCIDRSloppy` / `ParseIPSloppy` (k8s.io/utils/net, a fork of Go 1.16's
 * `net.ParseCIDR`), which the API server uses for `ipBlock.cidr` and `ipBlock.except` while the
 * `StrictIPCIDRValidation` gate is off (the default):
 * - IPv4 octets may have leading zeros and are read as decimal (`010.0.0.0` is `10.0.0.0`);
 * - the prefix length may have leading zeros (`/08`);
 * - host bits may be set (`10.0.0.1/8` means `10.0.0.0/8`);
 * - IPv6 accepts `::` compression, upper-case hex, hex groups with leading zeros, and an embedded IPv4 tail;
 * - zones (`fe80::1%eth0`), whitespace and signs are rejected.
 * Each parse records what strict validation would object to, so the linter can suggest the canonical form.
 *
 * Containment follows Go's `net.IPNet.Contains`, which is what the server's "strict subset" check (B4) uses:
 * an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is compared as the IPv4 address `a.b.c.d`.
 */

export type IpFamily = 4 | 6;

export interface ParsedIp {
  family: IpFamily;
  /** The address as an unsigned integer of 32 (IPv4) or 128 (IPv6) bits. */
  value: bigint;
}

export interface ParsedCidr {
  family: IpFamily;
  /** Prefix length as written (0..32 for IPv4, 0..128 for IPv6, also for IPv4-mapped IPv6). */
  prefix: number;
  /** The address as written (host bits possibly set). */
  address: bigint;
  /** The network address: `address` with the host bits cleared. */
  network: bigint;
  /** First and last address of the block (`first === network`). */
  first: bigint;
  last: bigint;
  /** `10.0.0.1/8`: accepted and read as `10.0.0.0/8`, rejected under strict validation. */
  hostBitsSet: boolean;
  /** Leading zeros in an IPv4 octet (`010.0.0.0`), in the prefix length (`/08`), or an over-long IPv6 group. */
  leadingZeros: boolean;
  /** An IPv4-mapped IPv6 address (`::ffff:10.0.0.0/104`). */
  ipv4Mapped: boolean;
  /** The network in canonical form: `10.0.0.0/8`, lowercase RFC 5952 IPv6 (`2001:db8::/64`). */
  canonical: string;
  /** For an IPv4-mapped block with prefix ≥ 96: the IPv4 block it means (`10.0.0.0/8`). */
  ipv4Equivalent?: string;
  /** The text is not what strict validation and RFC 5952 want: any of the flags above, or non-RFC-5952 IPv6. */
  nonCanonical: boolean;
}

/** An inclusive range of addresses of one family. */
export type IpRange = readonly [first: bigint, last: bigint];

const MAX4 = 0xffffffffn;
const MAX6 = (1n << 128n) - 1n;
/** `::ffff:0:0/96`, the IPv4-mapped prefix. */
const V4_MAPPED_PREFIX = 0xffffn << 32n;

export const familyBits = (family: IpFamily): number => (family === 4 ? 32 : 128);
export const familyMax = (family: IpFamily): bigint => (family === 4 ? MAX4 : MAX6);

interface RawIp {
  family: IpFamily;
  value: bigint;
  leadingZeros: boolean;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const hexVal = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
};

/** Go's `dtoi` limit: a decimal field stops being accepted once it reaches 0xFFFFFF. */
const BIG = 0xffffff;

/** Old Go `parseIPv4` over `s[start..end)`: exactly four decimal fields, each ≤ 255, leading zeros allowed. */
function parseV4(s: string, start: number, end: number): { value: number; leadingZeros: boolean } | undefined {
  let pos = start;
  let value = 0;
  let leadingZeros = false;
  for (let field = 0; field < 4; field++) {
    if (field > 0) {
      if (pos >= end || s.charCodeAt(pos) !== 46 /* . */) return undefined;
      pos++;
    }
    const fieldStart = pos;
    let n = 0;
    while (pos < end && isDigit(s.charCodeAt(pos))) {
      n = n * 10 + (s.charCodeAt(pos) - 48);
      if (n >= BIG) return undefined;
      pos++;
    }
    if (pos === fieldStart || n > 255) return undefined;
    if (pos - fieldStart > 1 && s.charCodeAt(fieldStart) === 48) leadingZeros = true;
    value = value * 256 + n;
  }
  if (pos !== end) return undefined;
  return { value, leadingZeros };
}

/** Old Go `parseIPv6` over `s[start..end)`. */
function parseV6(s: string, start: number, end: number): { value: bigint; leadingZeros: boolean } | undefined {
  const groups: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  let ellipsis = -1; // group index where `::` sits
  let leadingZeros = false;
  let pos = start;
  let g = 0;
  if (end - pos >= 2 && s.charCodeAt(pos) === 58 && s.charCodeAt(pos + 1) === 58) {
    ellipsis = 0;
    pos += 2;
    if (pos === end) return { value: 0n, leadingZeros };
  }
  while (g < 8) {
    const fieldStart = pos;
    let n = 0;
    while (pos < end) {
      const h = hexVal(s.charCodeAt(pos));
      if (h < 0) break;
      n = n * 16 + h;
      if (n >= BIG) return undefined;
      pos++;
    }
    if (pos === fieldStart || n > 0xffff) return undefined;
    if (pos < end && s.charCodeAt(pos) === 46 /* . */) {
      // An embedded IPv4 tail takes the last two groups.
      if (ellipsis < 0 && g !== 6) return undefined;
      if (g + 2 > 8) return undefined;
      const v4 = parseV4(s, fieldStart, end);
      if (!v4) return undefined;
      if (v4.leadingZeros) leadingZeros = true;
      groups[g] = Math.floor(v4.value / 65536);
      groups[g + 1] = v4.value % 65536;
      g += 2;
      pos = end;
      break;
    }
    if (pos - fieldStart > 4) leadingZeros = true;
    groups[g] = n;
    g++;
    if (pos === end) break;
    if (s.charCodeAt(pos) !== 58 /* : */ || pos + 1 === end) return undefined;
    pos++;
    if (s.charCodeAt(pos) === 58) {
      if (ellipsis >= 0) return undefined;
      ellipsis = g;
      pos++;
      if (pos === end) break;
    }
  }
  if (pos !== end) return undefined;
  if (g < 8) {
    if (ellipsis < 0) return undefined;
    // Move the groups after `::` to the end and zero the gap.
    const n = 8 - g;
    for (let j = g - 1; j >= ellipsis; j--) groups[j + n] = groups[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) groups[j] = 0;
  } else if (ellipsis >= 0) {
    // `::` must stand for at least one group.
    return undefined;
  }
  let value = 0n;
  for (const x of groups) value = (value << 16n) | BigInt(x);
  return { value, leadingZeros };
}

function parseRawIp(s: string, start: number, end: number): RawIp | undefined {
  const v4 = parseV4(s, start, end);
  if (v4) return { family: 4, value: BigInt(v4.value), leadingZeros: v4.leadingZeros };
  const v6 = parseV6(s, start, end);
  if (v6) return { family: 6, value: v6.value, leadingZeros: v6.leadingZeros };
  return undefined;
}

/** Parses an IPv4 or IPv6 address the sloppy way the API server does (leading zeros allowed). */
export function parseIp(text: string): ParsedIp | undefined {
  if (typeof text !== 'string') return undefined;
  const raw = parseRawIp(text, 0, text.length);
  return raw ? { family: raw.family, value: raw.value } : undefined;
}

/** True for an IPv6 address in `::ffff:0:0/96`. */
export const isIpv4Mapped = (family: IpFamily, value: bigint): boolean =>
  family === 6 && value >> 32n === V4_MAPPED_PREFIX >> 32n;

export function formatIpv4(value: bigint): string {
  const n = Number(value & MAX4);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * RFC 5952: lowercase, no leading zeros, the longest run (first on a tie) of two or more zero groups as `::`,
 * and IPv4-mapped addresses in mixed notation (`::ffff:10.0.0.1`, RFC 5952 §5).
 */
export function formatIpv6(value: bigint): string {
  if (isIpv4Mapped(6, value)) return `::ffff:${formatIpv4(value)}`;
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((x) => x.toString(16)).join(':');
  if (bestLen < 2) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

export function formatIp(family: IpFamily, value: bigint): string {
  return family === 4 ? formatIpv4(value) : formatIpv6(value);
}

/** Host-bit mask: the low `bits - prefix` bits set. */
export function hostMask(family: IpFamily, prefix: number): bigint {
  return (1n << BigInt(familyBits(family) - prefix)) - 1n;
}

const CACHE_LIMIT = 4096;
const cidrCache = new Map<string, ParsedCidr | null>();

/**
 * Parses a CIDR like `netutils.ParseCIDRSloppy`. Returns undefined when the server would reject it
 * ("must be a valid CIDR value"). Results are cached and frozen: do not mutate them.
 */
export function parseCidr(text: string): ParsedCidr | undefined {
  if (typeof text !== 'string') return undefined;
  const cached = cidrCache.get(text);
  if (cached !== undefined) return cached ?? undefined;
  const parsed = parseCidrUncached(text);
  if (cidrCache.size >= CACHE_LIMIT) cidrCache.clear();
  cidrCache.set(text, parsed ?? null);
  return parsed;
}

function parseCidrUncached(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseRawIp(text, 0, slash);
  if (!ip) return undefined;
  // Go's dtoi over the prefix length: decimal digits only, at least one, the whole rest of the string.
  let prefix = 0;
  let pos = slash + 1;
  while (pos < text.length && isDigit(text.charCodeAt(pos))) {
    prefix = prefix * 10 + (text.charCodeAt(pos) - 48);
    if (prefix >= BIG) return undefined;
    pos++;
  }
  if (pos === slash + 1 || pos !== text.length) return undefined;
  const bits = familyBits(ip.family);
  if (prefix > bits) return undefined;
  const leadingZeros = ip.leadingZeros || (text.length - slash - 1 > 1 && text.charCodeAt(slash + 1) === 48);
  const host = hostMask(ip.family, prefix);
  const network = ip.value & ~host & familyMax(ip.family);
  const last = network | host;
  const ipv4Mapped = isIpv4Mapped(ip.family, ip.value);
  const canonical = `${formatIp(ip.family, network)}/${prefix}`;
  const result: ParsedCidr = {
    family: ip.family,
    prefix,
    address: ip.value,
    network,
    first: network,
    last,
    hostBitsSet: network !== ip.value,
    leadingZeros,
    ipv4Mapped,
    canonical,
    // An IPv4-mapped address prints the same in RFC 5952, but strict validation rejects it all the same.
    nonCanonical: text !== canonical || ipv4Mapped,
  };
  if (ipv4Mapped && prefix >= 96) result.ipv4Equivalent = `${formatIpv4(network)}/${prefix - 96}`;
  return Object.freeze(result);
}

/**
 * Go's view of an address for `IPNet.Contains`: an IPv4-mapped IPv6 address behaves as IPv4.
 * For a CIDR the view applies to its network address, with the mask shortened by 96 bits.
 */
function goView(family: IpFamily, value: bigint): { family: IpFamily; value: bigint } {
  return isIpv4Mapped(family, value) ? { family: 4, value: value & MAX4 } : { family, value };
}

/** Go `IPNet.Contains(ip)`, for a CIDR parsed by `parseCidr`. */
export function cidrContainsIp(c: ParsedCidr, ip: ParsedIp): boolean {
  const net = goView(c.family, c.network);
  const prefix = net.family === c.family ? c.prefix : c.prefix - 96;
  const addr = goView(ip.family, ip.value);
  if (net.family !== addr.family) return false;
  const shift = BigInt(familyBits(net.family) - prefix);
  return addr.value >> shift === net.value >> shift;
}

/** Every address of `inner` lies in `outer` (same family; IPv4-mapped blocks compared as IPv4). */
export function cidrContainsCidr(outer: ParsedCidr, inner: ParsedCidr): boolean {
  const o = cidrRangeView(outer);
  const i = cidrRangeView(inner);
  return o.family === i.family && o.first <= i.first && i.last <= o.last;
}

/**
 * The API server's `ipBlock.except` check (B4): the except's network address lies in `cidr` and its prefix
 * length, as written, is strictly longer. `10.0.0.0/8` except `10.0.0.0/8` and an except of the other family fail.
 */
export function isStrictSubsetForApiServer(cidr: ParsedCidr, except: ParsedCidr): boolean {
  return cidrContainsIp(cidr, { family: except.family, value: except.network }) && cidr.prefix < except.prefix;
}

/**
 * The block as a range of addresses in its effective family: an IPv4-mapped block with prefix ≥ 96 is the
 * IPv4 block it stands for (this is how Go compares it). Use this for connectivity analysis.
 */
export function cidrRangeView(c: ParsedCidr): { family: IpFamily; first: bigint; last: bigint } {
  if (c.ipv4Mapped && c.prefix >= 96) return { family: 4, first: c.first & MAX4, last: c.last & MAX4 };
  return { family: c.family, first: c.first, last: c.last };
}

/** `0.0.0.0-9.255.255.255`, or a single address when first === last. */
export function rangeToString(family: IpFamily, range: IpRange): string {
  const [first, last] = range;
  return first === last ? formatIp(family, first) : `${formatIp(family, first)}-${formatIp(family, last)}`;
}

export const ipv4RangeToString = (range: IpRange): string => rangeToString(4, range);
export const ipv6RangeToString = (range: IpRange): string => rangeToString(6, range);

/** Sorts and merges overlapping or adjacent ranges. */
export function normalizeRanges(ranges: readonly IpRange[]): IpRange[] {
  const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [f, l] of sorted) {
    if (f > l) continue;
    const prev = out[out.length - 1];
    if (prev && f <= prev[1] + 1n) {
      if (l > prev[1]) prev[1] = l;
    } else out.push([f, l]);
  }
  return out;
}

/** `ranges` minus `remove`, both of one family; the result is sorted and merged. */
export function subtractRanges(ranges: readonly IpRange[], remove: readonly IpRange[]): IpRange[] {
  const rm = normalizeRanges(remove);
  const out: IpRange[] = [];
  for (const [f0, l] of normalizeRanges(ranges)) {
    let f = f0;
    for (const [rf, rl] of rm) {
      if (rl < f) continue;
      if (rf > l) break;
      if (rf > f) out.push([f, rf - 1n]);
      f = rl + 1n;
      if (f > l) break;
    }
    if (f <= l) out.push([f, l]);
  }
  return out;
}

/** The intersection of two sets of ranges of one family. */
export function intersectRanges(a: readonly IpRange[], b: readonly IpRange[]): IpRange[] {
  const x = normalizeRanges(a);
  const y = normalizeRanges(b);
  const out: IpRange[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const [af, al] = x[i]!;
    const [bf, bl] = y[j]!;
    const f = af > bf ? af : bf;
    const l = al < bl ? al : bl;
    if (f <= l) out.push([f, l]);
    if (al < bl) i++;
    else j++;
  }
  return out;
}

/** The fewest CIDRs that exactly cover a range (canonical strings). */
export function rangeToCidrs(family: IpFamily, range: IpRange): string[] {
  const bits = familyBits(family);
  const out: string[] = [];
  const l = range[1];
  let f = range[0];
  while (f <= l) {
    // The largest block aligned at f that does not pass l.
    let size = bits;
    while (size > 0) {
      const block = 1n << BigInt(bits - size + 1);
      if ((f & (block - 1n)) !== 0n || f + block - 1n > l) break;
      size--;
    }
    out.push(`${formatIp(family, f)}/${size}`);
    f += 1n << BigInt(bits - size);
  }
  return out;
}

/** Number of addresses in a set of ranges. */
export function rangesSize(ranges: readonly IpRange[]): bigint {
  let n = 0n;
  for (const [f, l] of normalizeRanges(ranges)) n += l - f + 1n;
  return n;
}
