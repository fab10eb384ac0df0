import { isIPv4, isIPv6 } from 'node:net';

/**
 * IPv4 blocks that are not on the public internet (RFC 6890 and friends): loopback, private,
 * CGNAT, link-local (cloud metadata lives at 169.254.169.254), documentation, benchmarking,
 * multicast, reserved and broadcast.
 */
const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
  ['255.255.255.255', 32],
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

const V4_MASKS = V4_BLOCKED.map(([base, bits]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { net: (v4ToInt(base) & mask) >>> 0, mask };
});

function isPublicV4Int(n: number): boolean {
  return !V4_MASKS.some(({ net, mask }) => (n & mask) >>> 0 === net);
}

/** Eight 16-bit groups; accepts '::' shorthand and a dotted IPv4 tail. */
function parseV6(ip: string): number[] | null {
  let s = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    s = `${s.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<string>(Math.max(0, fill)).fill('0'), ...tail].map((g) =>
    parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

function isPublicV6(g: number[]): boolean {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const v4At = (i: number) => ((g[i] << 16) >>> 0) + g[i + 1];
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d) and the deprecated
  // IPv4-compatible (::a.b.c.d, which also covers :: and ::1): the packet goes to the IPv4 inside.
  if (zeros(0, 5) && g[5] === 0xffff) return isPublicV4Int(v4At(6));
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return isPublicV4Int(v4At(6));
  if (zeros(0, 6)) return isPublicV4Int(v4At(6));
  // 6to4 tunnels to the IPv4 in groups 1–2.
  if (g[0] === 0x2002) return isPublicV4Int(v4At(1));
  // Only 2000::/3 is global unicast; this one check refuses ::1, fc00::/7, fe80::/10, ff00::/8,
  // 64:ff9b::/96 (NAT64 could reach any IPv4, including private ones) and 100::/64.
  if ((g[0] & 0xe000) !== 0x2000) return false;
  // 2001::/23 is IETF protocol space (Teredo, benchmarking, ORCHID); 2001:db8::/32 and 3fff::/20
  // are documentation.
  if (g[0] === 0x2001 && g[1] < 0x200) return false;
  if (g[0] === 0x2001 && g[1] === 0x0db8) return false;
  if (g[0] === 0x3fff && g[1] < 0x1000) return false;
  return true;
}

/** True when an IP literal is a globally routable unicast address; anything else (or garbage) is false. */
export function isPublicAddress(ip: string): boolean {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (isIPv4(bare)) return isPublicV4Int(v4ToInt(bare));
  // A zone id (fe80::1%eth0) only exists on link-local addresses: never public.
  if (!isIPv6(bare) || bare.includes('%')) return false;
  const groups = parseV6(bare.toLowerCase());
  return groups !== null && isPublicV6(groups);
}
