import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cidrContainsCidr,
  cidrContainsIp,
  cidrRangeView,
  formatIp,
  intersectRanges,
  ipv4RangeToString,
  isStrictSubsetForApiServer,
  normalizeRanges,
  parseCidr,
  parseIp,
  rangeToCidrs,
  rangesSize,
  subtractRanges,
  type IpRange,
} from '../../src/core/model/cidr.ts';

const ip = (s: string) => {
  const p = parseIp(s);
  if (!p) throw new Error(`bad ip ${s}`);
  return p;
};
const cidr = (s: string) => {
  const p = parseCidr(s);
  if (!p) throw new Error(`bad cidr ${s}`);
  return p;
};

describe('parseIp', () => {
  it.each([
    ['0.0.0.0', 4, 0n],
    ['10.1.2.3', 4, 0x0a010203n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['010.001.0.00', 4, 0x0a010000n], // sloppy: leading zeros read as decimal
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['2001:db8::', 6, 0x20010db8n << 96n],
    ['2001:DB8::1', 6, (0x20010db8n << 96n) | 1n],
    ['1:2:3:4:5:6:7:8', 6, 0x00010002000300040005000600070008n],
    ['::ffff:10.0.0.1', 6, (0xffffn << 32n) | 0x0a000001n],
    ['1:2:3:4:5:6:1.2.3.4', 6, 0x00010002000300040005000601020304n],
    ['fe80::', 6, 0xfe80n << 112n],
    ['1::8', 6, (1n << 112n) | 8n],
  ])('%s', (text, family, value) => {
    expect(parseIp(text)).toEqual({ family, value });
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.0',
    '1.2.3.-4',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1..2.3',
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '1:2:3:4:5:6:7::8',
    '1:2:3:4:5:6:7:8::',
    '12345::',
    '1:2:3:4:5:1.2.3.4',
    'fe80::1%eth0',
    '::1:',
    ':1::',
    'g::',
    '1.2.3.4/8',
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('formatIp', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first longest run on a tie
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not compressed
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['::ffff:0a00:0001', '::ffff:10.0.0.1'],
  ])('%s → %s', (text, expected) => {
    const p = ip(text);
    expect(formatIp(p.family, p.value)).toBe(expected);
  });

  it('round-trips every IPv6 value through parse → format → parse', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
        expect(parseIp(formatIp(6, v))).toEqual({ family: 6, value: v });
      }),
    );
  });
  it('round-trips IPv4', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 0xffffffffn }), (v) => {
        expect(parseIp(formatIp(4, v))).toEqual({ family: 4, value: v });
      }),
    );
  });
});

describe('IPv6 against the WHATWG URL parser (an independent RFC 5952 implementation)', () => {
  const v6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
  // Bias towards zero groups so that `::` compression is exercised.
  const sparse = fc
    .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
      minLength: 8,
      maxLength: 8,
    })
    .map((gs) => gs.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n));
  it('formats like URL serialises (IPv4-mapped excepted: we use mixed notation)', () => {
    fc.assert(
      fc.property(fc.oneof(v6, sparse), (v) => {
        fc.pre(v >> 32n !== 0xffffn);
        const text = formatIp(6, v);
        expect(new URL(`http://[${text}]/`).hostname).toBe(`[${text}]`);
      }),
      { numRuns: 2000 },
    );
  });
  it('parses every spelling URL accepts to the same address', () => {
    const spellings = fc.tuple(fc.oneof(v6, sparse), fc.boolean(), fc.boolean()).map(([v, upper, padded]) => {
      const groups: string[] = [];
      for (let i = 7; i >= 0; i--) {
        const g = ((v >> BigInt(i * 16)) & 0xffffn).toString(16);
        groups.push(padded ? g.padStart(4, '0') : g);
      }
      const text = groups.join(':');
      return { v, text: upper ? text.toUpperCase() : text };
    });
    fc.assert(
      fc.property(spellings, ({ v, text }) => {
        expect(parseIp(text)).toEqual({ family: 6, value: v });
        const viaUrl = parseIp(new URL(`http://[${text}]/`).hostname.slice(1, -1));
        expect(viaUrl?.value).toBe(v);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseCidr', () => {
  it('parses a canonical IPv4 CIDR', () => {
    expect(cidr('10.0.0.0/8')).toMatchObject({
      family: 4,
      prefix: 8,
      network: 0x0a000000n,
      first: 0x0a000000n,
      last: 0x0affffffn,
      hostBitsSet: false,
      leadingZeros: false,
      ipv4Mapped: false,
      canonical: '10.0.0.0/8',
      nonCanonical: false,
    });
  });
  it('accepts host bits and records them', () => {
    expect(cidr('10.0.0.5/24')).toMatchObject({ network: 0x0a000000n, hostBitsSet: true, canonical: '10.0.0.0/24' });
  });
  it('accepts leading zeros (sloppy) and records them', () => {
    expect(cidr('010.0.0.0/8')).toMatchObject({ leadingZeros: true, canonical: '10.0.0.0/8', nonCanonical: true });
    expect(cidr('10.0.0.0/08')).toMatchObject({ leadingZeros: true, prefix: 8, canonical: '10.0.0.0/8' });
    expect(cidr('10.0.0.0/0')).toMatchObject({ leadingZeros: false, canonical: '0.0.0.0/0', hostBitsSet: true });
  });
  it('records IPv4-mapped IPv6 and its IPv4 meaning', () => {
    expect(cidr('::ffff:10.0.0.0/104')).toMatchObject({
      family: 6,
      prefix: 104,
      ipv4Mapped: true,
      canonical: '::ffff:10.0.0.0/104',
      ipv4Equivalent: '10.0.0.0/8',
      nonCanonical: true,
    });
  });
  it('canonicalises IPv6 per RFC 5952', () => {
    expect(cidr('2001:DB8:0:0::/64')).toMatchObject({
      canonical: '2001:db8::/64',
      nonCanonical: true,
      hostBitsSet: false,
    });
    expect(cidr('2001:db8::/64').nonCanonical).toBe(false);
    expect(cidr('::/0')).toMatchObject({ first: 0n, last: (1n << 128n) - 1n, canonical: '::/0' });
    expect(cidr('0.0.0.0/0')).toMatchObject({ first: 0n, last: 0xffffffffn });
  });
  it.each([
    '',
    '10.0.0.0',
    '10.0.0.0/',
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/8/8',
    '10.0.0.0/-1',
    '10.0.0.0/ 8',
    'a/8',
    '{{CIDR}}',
    '10.0.0/8',
    'fe80::/64%eth0',
  ])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
  it('returns undefined for non-strings', () => {
    expect(parseCidr(42 as unknown as string)).toBeUndefined();
    expect(parseIp(null as unknown as string)).toBeUndefined();
  });
});

describe('containment', () => {
  it('cidrContainsIp', () => {
    expect(cidrContainsIp(cidr('10.0.0.0/8'), ip('10.255.1.2'))).toBe(true);
    expect(cidrContainsIp(cidr('10.0.0.0/8'), ip('11.0.0.0'))).toBe(false);
    expect(cidrContainsIp(cidr('0.0.0.0/0'), ip('::1'))).toBe(false);
    expect(cidrContainsIp(cidr('::/0'), ip('10.0.0.1'))).toBe(false);
    expect(cidrContainsIp(cidr('2001:db8::/32'), ip('2001:db8:ffff::1'))).toBe(true);
    // Go compares IPv4-mapped IPv6 as IPv4.
    expect(cidrContainsIp(cidr('10.0.0.0/8'), ip('::ffff:10.1.2.3'))).toBe(true);
    expect(cidrContainsIp(cidr('::ffff:10.0.0.0/104'), ip('10.1.2.3'))).toBe(true);
    expect(cidrContainsIp(cidr('::ffff:10.0.0.0/104'), ip('11.1.2.3'))).toBe(false);
  });
  it('cidrContainsCidr', () => {
    expect(cidrContainsCidr(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrContainsCidr(cidr('10.0.0.0/8'), cidr('10.0.0.0/8'))).toBe(true);
    expect(cidrContainsCidr(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrContainsCidr(cidr('0.0.0.0/0'), cidr('::/0'))).toBe(false);
    expect(cidrContainsCidr(cidr('10.0.0.0/8'), cidr('::ffff:10.1.0.0/112'))).toBe(true);
  });
  it('isStrictSubsetForApiServer mirrors B4', () => {
    expect(isStrictSubsetForApiServer(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(isStrictSubsetForApiServer(cidr('10.0.0.0/8'), cidr('10.0.0.0/8'))).toBe(false);
    expect(isStrictSubsetForApiServer(cidr('0.0.0.0/0'), cidr('0.0.0.0/0'))).toBe(false);
    expect(isStrictSubsetForApiServer(cidr('10.0.0.0/8'), cidr('11.0.0.0/16'))).toBe(false);
    expect(isStrictSubsetForApiServer(cidr('0.0.0.0/0'), cidr('::/64'))).toBe(false);
    // Only the except's network address and the written prefix lengths count.
    expect(isStrictSubsetForApiServer(cidr('10.0.0.0/8'), cidr('10.1.2.3/16'))).toBe(true);
    expect(isStrictSubsetForApiServer(cidr('10.0.0.0/8'), cidr('::ffff:10.1.0.0/112'))).toBe(true);
  });
  it('cidrRangeView maps IPv4-mapped blocks to IPv4', () => {
    expect(cidrRangeView(cidr('::ffff:10.0.0.0/104'))).toEqual({ family: 4, first: 0x0a000000n, last: 0x0affffffn });
    expect(cidrRangeView(cidr('10.0.0.0/8'))).toEqual({ family: 4, first: 0x0a000000n, last: 0x0affffffn });
  });
});

describe('ranges', () => {
  const r = (a: string, b: string): IpRange => [ip(a).value, ip(b).value];
  it('prints IPv4 ranges', () => {
    expect(ipv4RangeToString(r('0.0.0.0', '9.255.255.255'))).toBe('0.0.0.0-9.255.255.255');
    expect(ipv4RangeToString(r('10.0.0.1', '10.0.0.1'))).toBe('10.0.0.1');
  });
  it('subtracts an except from a cidr', () => {
    const all = cidr('0.0.0.0/0');
    const ten = cidr('10.0.0.0/8');
    const rest = subtractRanges([[all.first, all.last]], [[ten.first, ten.last]]);
    expect(rest.map(ipv4RangeToString)).toEqual(['0.0.0.0-9.255.255.255', '11.0.0.0-255.255.255.255']);
    expect(subtractRanges([[ten.first, ten.last]], [[all.first, all.last]])).toEqual([]);
  });
  it('normalises and intersects', () => {
    expect(normalizeRanges([r('10.0.0.5', '10.0.0.9'), r('10.0.0.0', '10.0.0.4'), r('10.0.0.8', '10.0.0.20')])).toEqual(
      [r('10.0.0.0', '10.0.0.20')],
    );
    expect(
      intersectRanges([r('10.0.0.0', '10.0.0.20')], [r('10.0.0.10', '10.0.0.30'), r('9.0.0.0', '9.0.0.1')]),
    ).toEqual([r('10.0.0.10', '10.0.0.20')]);
  });
  it('rangeToCidrs gives the minimal exact cover', () => {
    expect(rangeToCidrs(4, r('0.0.0.0', '9.255.255.255'))).toEqual(['0.0.0.0/5', '8.0.0.0/7']);
    expect(rangeToCidrs(4, r('10.0.0.1', '10.0.0.1'))).toEqual(['10.0.0.1/32']);
    expect(rangeToCidrs(4, r('0.0.0.0', '255.255.255.255'))).toEqual(['0.0.0.0/0']);
    expect(rangeToCidrs(6, [0n, (1n << 128n) - 1n])).toEqual(['::/0']);
  });
  it('rangeToCidrs covers exactly the range (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 0xffffffffn }), fc.bigInt({ min: 0n, max: 0xffffffffn }), (a, b) => {
        const range: IpRange = a <= b ? [a, b] : [b, a];
        const blocks = rangeToCidrs(4, range).map(cidr);
        expect(blocks.every((c) => !c.hostBitsSet)).toBe(true);
        expect(normalizeRanges(blocks.map((c) => [c.first, c.last]))).toEqual([range]);
        expect(rangesSize(blocks.map((c) => [c.first, c.last]))).toBe(range[1] - range[0] + 1n);
      }),
    );
  });
});
