/**
 * `pii.ip`: IPv4 and IPv6 addresses. An IP address can identify a person
 * (GDPR treats it as personal data) or expose internal infrastructure.
 *
 * Decisions:
 * - public addresses: medium;
 * - private (RFC 1918, CGNAT 100.64/10, IPv6 ULA fc00::/7): low, they reveal
 *   internal network layout, not a person;
 * - never findings: loopback, unspecified, link-local, multicast, broadcast,
 *   benchmarking and documentation ranges (192.0.2/24, 198.51.100/24,
 *   203.0.113/24, 2001:db8::/32), well-known public DNS resolvers, and
 *   dotted quads introduced as a version or build (`version 1.2.3.4`).
 */
import type { Rule } from "../../rule.js";
import type { RawFinding, Severity } from "../../finding.js";
import { linesMatching } from "../../regex-guard.js";
import { HAS_DIGIT } from "./hints.js";
import { isAllowlisted, literalFinding, type LiteralKind } from "./finding.js";

const KIND: LiteralKind = {
  rule: "pii.ip",
  message: "A literal IP address in a prompt template can identify a person or a host and is sent to the model provider with every request.",
  remediation: "Replace the address with a template variable or a documentation address (192.0.2.0/24, 2001:db8::/32), or allowlist it in the policy if it is a public service address.",
};

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`(?<![\\w.\\-])${OCTET}(?:\\.${OCTET}){3}(?![\\w\\-]|\\.\\w)`, "g");
// Hex groups and colons, bounded; validated by `parseIpv6` after matching.
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\w)/g;
const VERSION_BEFORE = /\b(?:version|ver\.?|release|build|firmware|v|rev|revision|sdk|api|chrome|firefox|safari|edge|node|python|java)\s*[:=\/]?\s*$/i;

const PUBLIC_RESOLVERS = new Set(["8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112", "208.67.222.222", "208.67.220.220"]);

/** Severity for a parsed IPv4 address, or undefined when it is never a finding. */
export function ipv4Severity(a: number, b: number, c: number, d: number): Severity | undefined {
  if (a === 0 || a === 127 || a >= 224) return undefined;
  if (a === 169 && b === 254) return undefined;
  if (a === 192 && b === 0 && c === 2) return undefined;
  if (a === 198 && b === 51 && c === 100) return undefined;
  if (a === 203 && b === 0 && c === 113) return undefined;
  if (a === 198 && (b === 18 || b === 19)) return undefined;
  if (PUBLIC_RESOLVERS.has(`${a}.${b}.${c}.${d}`)) return undefined;
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return "low";
  return "medium";
}

/** The eight 16-bit groups of a textual IPv6 address, or undefined when it is not one. */
export function parseIpv6(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === "") return [];
    const groups: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!;
      if (i === pieces.length - 1 && p.includes(".")) {
        const q = p.split(".").map(Number);
        if (q.length !== 4 || q.some((n) => !Number.isInteger(n) || n > 255)) return undefined;
        groups.push((q[0]! << 8) | q[1]!, (q[2]! << 8) | q[3]!);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) groups.push(parseInt(p, 16));
      else return undefined;
    }
    return groups;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

export function ipv6Severity(g: number[]): Severity | undefined {
  const [a, b] = g as [number, number];
  if (g.every((x, i) => (i < 7 ? x === 0 : x <= 1))) return undefined; // :: and ::1
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return ipv4Severity(g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255);
  if (a === 0x2001 && b === 0x0db8) return undefined; // documentation
  if ((a & 0xffc0) === 0xfe80) return undefined; // link-local
  if ((a & 0xff00) === 0xff00) return undefined; // multicast
  if ((a & 0xfe00) === 0xfc00) return "low"; // unique local
  return "medium";
}

export interface IpHit {
  index: number;
  value: string;
  severity: Severity;
}

export function findIps(text: string): IpHit[] {
  const out: IpHit[] = [];
  if (text.indexOf(".") !== -1) {
    IPV4.lastIndex = 0;
    for (let m = IPV4.exec(text); m; m = IPV4.exec(text)) {
      const [a, b, c, d] = m[0].split(".").map(Number) as [number, number, number, number];
      const severity = ipv4Severity(a, b, c, d);
      if (!severity) continue;
      if (VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 16), m.index))) continue;
      out.push({ index: m.index, value: m[0], severity });
    }
  }
  if (text.indexOf(":") !== -1) {
    IPV6.lastIndex = 0;
    for (let m = IPV6.exec(text); m; m = IPV6.exec(text)) {
      const v = m[0];
      // Times (12:30:45), MAC addresses and `std::` lack a digit or the group count.
      if (!/\d/.test(v)) continue;
      const groups = parseIpv6(v);
      if (!groups) continue;
      const severity = ipv6Severity(groups);
      if (severity) out.push({ index: m.index, value: v, severity });
    }
  }
  return out;
}

export const ipRule: Rule = {
  id: "pii.ip",
  category: "pii",
  description: "IPv4 and IPv6 addresses (public: medium, private: low; loopback, documentation and similar ranges skipped).",
  checkFile(input) {
    const out: RawFinding[] = [];
    for (const { line, text } of linesMatching(input.added, HAS_DIGIT)) {
      for (const hit of findIps(text)) {
        if (isAllowlisted(hit.value, input.settings.allowlist)) continue;
        const message = hit.severity === "low"
          ? "A private IP address in a prompt template reveals internal network layout to the model provider and to anyone reading the repository."
          : KIND.message;
        out.push(literalFinding(input, KIND, { line, index: hit.index, value: hit.value, severity: hit.severity, message }));
      }
    }
    return out;
  },
};
