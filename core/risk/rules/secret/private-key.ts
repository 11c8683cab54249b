/**
 * `secret.private-key`: PEM / OpenSSH / PGP private key blocks. A BEGIN line
 * counts when key material follows it (base64 on the next lines, or on the
 * same line in an escaped `\n` string); a header followed by `...` or
 * `<your key>` is documentation, not a key.
 */
import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { isAllowlisted, isPlaceholder } from "./placeholders.js";
import { secretFinding } from "./finding.js";
import { linesMatching } from "../../regex-guard.js";


const BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/;
const HAS_KEY_HEADER = /PRIVATE KEY/;
const MATERIAL = /[A-Za-z0-9+\/]{40,}/;

export const privateKeyRule: Rule = {
  id: "secret.private-key",
  category: "secret",
  description: "Private key blocks (-----BEGIN … PRIVATE KEY-----) with key material.",
  checkFile(input) {
    const out: RawFinding[] = [];
    let headLines: string[] | undefined;
    for (const { line, text } of linesMatching(input.added, HAS_KEY_HEADER)) {
      const m = BEGIN.exec(text);
      if (!m) continue;
      headLines ??= (input.change.new?.text ?? "").split("\n");
      // Same line (escaped newlines in a JSON/YAML string) or the next few lines of the file.
      const rest = text.slice(m.index + m[0].length).replace(/\\n/g, "\n");
      const following = [rest, ...headLines.slice(line, line + 3)].join("\n");
      const firstMaterial = following.split("\n").map((l) => l.trim()).find((l) => l.length > 0 && !/^[A-Za-z-]+:/.test(l));
      if (!firstMaterial || !MATERIAL.test(firstMaterial) || isPlaceholder(firstMaterial)) continue;
      if (isAllowlisted(firstMaterial, input.settings.allowlist)) continue;
      const encrypted = m[1]!.includes("ENCRYPTED");
      out.push(
        secretFinding(input, {
          rule: "secret.private-key",
          line,
          index: m.index,
          value: `${m[1]} ${firstMaterial.slice(-8)}`,
          severity: encrypted ? "high" : "critical",
          message: encrypted
            ? "An encrypted private key in a prompt template can be attacked offline by anyone who reads the repository; keys never belong in templates."
            : "A private key in a prompt template gives anyone who reads the repository or the rendered prompt the identity it protects.",
        }),
      );
    }
    return out;
  },
};
