/** `ValidateIPBlock` (B1–B4), and the server's warnings for CIDRs that parse but are not canonical (P-25). */
import { formatIp, isStrictSubsetForApiServer, parseCidr, type ParsedCidr } from '../../model/cidr.ts';
import type { IPBlock } from '../../model/types.ts';
import type { Findings } from './context.ts';
import { CIDR_MSG, isTemplated, quote } from './names.ts';

export function validateIPBlock(v: Findings, block: IPBlock): void {
  const cidrText = block.cidr ?? '';
  if (cidrText === '') {
    v.error('B1', 'Required value', ['cidr'], 'set cidr, e.g. 0.0.0.0/0');
    return;
  }
  let cidr: ParsedCidr | undefined;
  if (!isTemplated(cidrText)) {
    cidr = parseCidr(cidrText);
    if (!cidr) {
      v.error('B2', CIDR_MSG, ['cidr']);
      return;
    }
    canonicalCidr(v, cidrText, cidr, ['cidr'], 'B2');
  }
  const except = block.except;
  if (!except) return;
  for (let j = 0; j < except.length; j++) {
    const e = except[j]!;
    if (isTemplated(e)) continue;
    const ex = parseCidr(e);
    if (!ex) {
      v.error('B3', CIDR_MSG, ['except', j]);
      continue;
    }
    canonicalCidr(v, e, ex, ['except', j], 'B3');
    if (cidr && !isStrictSubsetForApiServer(cidr, ex)) {
      v.error('B4', 'must be a strict subset of `cidr`', ['except', j], strictSubsetFix(cidr, ex));
    }
  }
}

/**
 * A CIDR that parses but is not in standard form. With the `StrictIPCIDRValidation` gate off (the default) the
 * server accepts it, and newer servers return the warnings of `GetWarningsForCIDR`, which we report as P-25 with
 * the same wording; with the gate on it is rejected with `parseCIDR`'s strict messages.
 */
function canonicalCidr(v: Findings, text: string, c: ParsedCidr, tail: (string | number)[], code: 'B2' | 'B3'): void {
  if (!c.nonCanonical) return;
  const use = c.ipv4Equivalent ?? c.canonical;
  const fix = `did you mean ${use}?`;
  if (v.strictCidr) {
    const strict = c.leadingZeros
      ? 'must not have leading 0s in IP or prefix length'
      : c.ipv4Mapped
        ? 'must not have an IPv4-mapped IPv6 address'
        : c.hostBitsSet
          ? 'must not have bits set beyond the prefix length'
          : undefined;
    if (strict) {
      v.error(code, strict, tail, fix);
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
    v.emit(
      'warning',
      'P-25',
      `CIDR value ${quote(text)} is ambiguous in this context (should be ${quote(use)} or ${quote(single)}?)`,
      tail,
      `${fix} (or ${single} for the single address)`,
    );
    warned = true;
  }
  if (c.leadingZeros || c.ipv4Mapped) {
    v.emit(
      'warning',
      'P-25',
      `non-standard CIDR value ${quote(text)} will be considered invalid in a future Kubernetes release: use ${quote(use)}`,
      tail,
      fix,
    );
    warned = true;
  }
  if (!warned && c.family === 6) {
    v.emit(
      'warning',
      'P-25',
      `IPv6 CIDR value ${quote(text)} should be in RFC 5952 canonical format (${quote(c.canonical)})`,
      tail,
      fix,
    );
  }
}

function strictSubsetFix(cidr: ParsedCidr, except: ParsedCidr): string {
  if (cidr.family !== except.family && !cidr.ipv4Mapped && !except.ipv4Mapped) {
    return `an except must be of the same IP family as cidr ${cidr.canonical}; put it in a separate ipBlock`;
  }
  if (except.canonical === cidr.canonical || except.prefix <= cidr.prefix) {
    return `an except must be smaller than cidr ${cidr.canonical}; to exclude the whole block, remove the peer`;
  }
  return `an except must lie inside cidr ${cidr.canonical}; remove it or fix the address`;
}
