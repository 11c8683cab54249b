import type { Rule } from "../../rule.js";
import type { RawFinding, Severity } from "../../finding.js";
import type { PromptTemplate } from "../../../templates/model.js";

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const modelId = (t: PromptTemplate): string => [t.model?.provider, t.model?.name].filter(Boolean).join("/");
/**
 * The line of the first key found: an exact key path wins over a nested one, and
 * governance metadata never counts (`/governance/provenance/model` is not the model).
 */
const lineOf = (t: PromptTemplate, ...keys: string[]): number => {
  for (const k of keys) if (t.metadataLines[k] !== undefined) return t.metadataLines[k];
  for (const k of keys) for (const [path, line] of Object.entries(t.metadataLines)) if (path.endsWith(k) && !path.startsWith("/governance/")) return line;
  return 1;
};
const toolNames = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.map((t, i) => {
        const o = (t ?? {}) as Record<string, unknown>;
        const fn = (o.function ?? {}) as Record<string, unknown>;
        return String(o.name ?? fn.name ?? (typeof t === "string" ? t : `#${i + 1}`));
      })
    : [];
const formatName = (v: unknown): string => (typeof v === "string" ? v : typeof v === "object" && v ? String((v as Record<string, unknown>).type ?? "") : "");
/** Strictness of a response format: a schema constrains output most, free text least. */
const formatRank = (v: unknown): number => {
  const s = formatName(v);
  if (/schema/i.test(s)) return 2;
  if (/json/i.test(s)) return 1;
  return 0;
};

/**
 * Model and parameter changes: a different model is a different behaviour,
 * hotter sampling and longer outputs widen what the template can produce,
 * new tools widen what it can do.
 */
export const modelChangeRule: Rule = {
  id: "model-change",
  category: "model-change",
  description: "Model or provider change, higher temperature or max tokens, tools added, response format loosened.",
  checkFile({ change }) {
    const before = change.old?.template;
    const after = change.new?.template;
    if (!before || !after) return [];
    const out: RawFinding[] = [];
    const add = (rule: string, severity: Severity, line: number, message: string, evidence: string, remediation: string) =>
      out.push({ rule: `model-change.${rule}`, category: "model-change", severity, file: change.path, line, column: 1, message, evidence, remediation });

    const m0 = modelId(before), m1 = modelId(after);
    if (m0 !== m1 && (m0 || m1)) {
      const providerChanged = (before.model?.provider ?? "") !== (after.model?.provider ?? "");
      add("model", providerChanged ? "high" : "medium", lineOf(after, "/model"),
        providerChanged ? "The model provider changes: data goes to a different processor and behaviour changes with it." : "The model changes: outputs, safety behaviour and cost change with it.",
        `${m0 || "(none)"} → ${m1 || "(none)"}`, "Re-run the template's evaluations on the new model and note the results in the rationale.");
    }
    const t0 = num(before.parameters.temperature), t1 = num(after.parameters.temperature);
    if (t1 !== undefined && t1 > (t0 ?? 1) ) {
      add("temperature", t1 > 1 ? "medium" : "low", lineOf(after, "/temperature"), "Temperature goes up: outputs become less predictable.", `${t0 ?? "default"} → ${t1}`, "Keep temperature low for templates that must follow instructions; justify the increase.");
    }
    const k0 = num(before.parameters.max_tokens), k1 = num(after.parameters.max_tokens);
    if (k1 !== undefined && (k0 === undefined || k1 > k0)) {
      add("max-tokens", k0 === undefined || k1 >= 2 * k0 ? "medium" : "low", lineOf(after, "/max_tokens", "/maxTokens", "/max_completion_tokens", "/maxOutputTokens"), "The output limit goes up: longer outputs cost more and can carry more data out.", `${k0 ?? "unset"} → ${k1}`, "Keep max tokens as low as the task allows.");
    }
    const tools0 = new Set(toolNames(before.parameters.tools));
    const added = toolNames(after.parameters.tools).filter((t) => !tools0.has(t));
    if (added.length) add("tools", "medium", lineOf(after, "/tools"), "Tools are added: the model can now take actions or fetch data it could not before.", added.join(", "), "Review each new tool's permissions and what data the model can send to it.");
    if (formatRank(after.parameters.response_format) < formatRank(before.parameters.response_format)) {
      add("response-format", "medium", lineOf(after, "/response_format", "/output", "/responseFormat"), "The response format is loosened: callers that parse structured output can break and outputs are less constrained.",
        `${formatName(before.parameters.response_format) || "(none)"} → ${formatName(after.parameters.response_format) || "(none)"}`, "Keep a JSON schema response format, or update every caller.");
    }
    return out;
  },
};
