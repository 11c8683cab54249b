import type { Rule } from "../../rule.js";
import type { RawFinding } from "../../finding.js";
import { governanceFor } from "../../../policy/governance.js";

/** Data classes whose leak is a reportable incident in most jurisdictions. */
const SENSITIVE_CLASSES = new Set(["pii", "phi", "payment", "pci", "student-records", "ferpa", "biometric", "financial", "credentials", "children"]);
const SENSITIVE_DOMAINS = new Set(["health", "healthcare", "medical", "education", "finance", "financial", "legal", "insurance", "employment", "government"]);

/** A change to a template that handles regulated data deserves a reviewer who knows the rules for it. */
export const sensitiveDomainRule: Rule = {
  id: "sensitive-domain",
  category: "sensitive-domain",
  description: "Templates whose governance metadata marks sensitive data classes or regulated domains.",
  checkFile({ change, policy }) {
    const t = change.new?.template ?? change.old?.template;
    if (!t) return [];
    const { governance } = governanceFor(change.path, policy, t.metadata.governance);
    const classes = (governance.data_classes ?? []).filter((c) => SENSITIVE_CLASSES.has(c.toLowerCase()));
    const domain = governance.domain && SENSITIVE_DOMAINS.has(governance.domain.toLowerCase()) ? governance.domain : undefined;
    if (!classes.length && !domain) return [];
    const line = t.metadataLines["/governance/data_classes"] ?? t.metadataLines["/governance/domain"] ?? t.metadataLines["/governance"] ?? 1;
    const what = [classes.length ? `data classes ${classes.join(", ")}` : "", domain ? `domain ${domain}` : ""].filter(Boolean).join(" and ");
    const out: RawFinding = {
      rule: "sensitive-domain", category: "sensitive-domain", severity: "medium", file: change.path, line, column: 1,
      message: `This template handles ${what}: changes need a reviewer who knows the rules for that data.`,
      evidence: what,
      remediation: "Route to the privacy or domain owners (the policy can raise this rule's `min_tier`).",
    };
    return [out];
  },
};
