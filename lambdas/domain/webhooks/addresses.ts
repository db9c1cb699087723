/**
 * Which IP addresses a webhook may be sent to (SSRF guard). Pure: it parses the textual address
 * itself (what a DNS lookup returns) and knows nothing of sockets.
 *
 * Only public unicast addresses are allowed. Refused: private (RFC 1918, IPv6 unique-local),
 * loopback, link-local (which holds the cloud metadata endpoints 169.254.169.254 and
 * fd00:ec2::254 is unique-local), CGNAT (100.64.0.0/10, also Alibaba's metadata 100.100.100.200),
 * multicast, unspecified, broadcast, documentation/benchmark/reserved ranges, and every IPv6 address
 * outside global unicast 2000::/3. IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d,
 * IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address.
 */
export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'reserved'
  | 'invalid';

type V4Range = readonly [base: number, bits: number, cls: AddressClass];

const v4 = (dotted: string): number => parseIPv4(dotted) as number;

const V4_RANGES: readonly V4Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'cgnat'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'],
  [v4('192.0.2.0'), 24, 'reserved'],
  [v4('192.88.99.0'), 24, 'reserved'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'],
  [v4('198.51.100.0'), 24, 'reserved'],
  [v4('203.0.113.0'), 24, 'reserved'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'],
];

/** A dotted-quad IPv4 address as an unsigned 32-bit number; undefined when it is not exactly one. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/** An IPv6 address as its eight 16-bit groups (a zone id `%eth0` is dropped); undefined when malformed. */
export function parseIPv6(text: string): number[] | undefined {
  const address = text.replace(/%[\w.-]+$/, '');
  if (!/^[0-9a-fA-F:.]+$/.test(address)) return undefined;
  let tail: number[] = [];
  let head = address;
  const lastColon = address.lastIndexOf(':');
  if (address.includes('.')) {
    const embedded = parseIPv4(address.slice(lastColon + 1));
    if (embedded === undefined) return undefined;
    tail = [Math.floor(embedded / 65536), embedded % 65536];
    head = address.slice(0, lastColon + 1);
    // Keep a `::` that ends right before the IPv4 part; drop a single separating colon.
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if ([...left, ...right].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const explicit = left.length + right.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const zeros = Array.from({ length: 8 - explicit }, () => 0);
  const all = [...left.map((g) => Number.parseInt(g, 16)), ...(halves.length === 2 ? zeros : []), ...right.map((g) => Number.parseInt(g, 16)), ...tail];
  return all.length === 8 ? all : undefined;
}

function classifyV4(value: number): AddressClass {
  if (value === 0xffffffff) return 'reserved';
  for (const [base, bits, cls] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    if (value >= base && value < base + size) return cls;
  }
  return 'public';
}

const embeddedV4 = (g: number[], high: number) => g[high] * 65536 + g[high + 1];

function classifyV6(g: number[]): AddressClass {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d: the IPv4 address decides.
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyV4(embeddedV4(g, 6));
  if (zeroUpTo(6)) return classifyV4(embeddedV4(g, 6));
  // NAT64 well-known prefix 64:ff9b::/96 reaches the embedded IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(embeddedV4(g, 6));
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xfe00) === 0xfc00) return 'private';
  if ((g[0] & 0xe000) !== 0x2000) return 'reserved';
  // 6to4 2002:a.b.c.d::/48 reaches the embedded IPv4 address.
  if (g[0] === 0x2002) return classifyV4(embeddedV4(g, 1));
  // 2001::/23 (IETF protocol assignments: Teredo, benchmarking, ORCHID), 2001:db8::/32 and 3fff::/20 (documentation).
  if (g[0] === 0x2001 && g[1] < 0x200) return 'reserved';
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'reserved';
  if (g[0] === 0x3fff && g[1] < 0x1000) return 'reserved';
  return 'public';
}

/** The class of a textual IPv4 or IPv6 address. */
export function classifyAddress(address: string): AddressClass {
  const four = parseIPv4(address);
  if (four !== undefined) return classifyV4(four);
  if (!address.includes(':')) return 'invalid';
  const six = parseIPv6(address);
  return six === undefined ? 'invalid' : classifyV6(six);
}

/**
 * Whether a webhook may go to `address`: public only, or loopback too when the stage allows it
 * (the local stack and the tests, so a receiver can listen on 127.0.0.1).
 */
export function isDeliverableAddress(address: string, allowLoopback: boolean): boolean {
  const cls = classifyAddress(address);
  return cls === 'public' || (allowLoopback && cls === 'loopback');
}
