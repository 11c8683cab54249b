// Placeholder until the template parsers land: the signature is the contract.
import type { Result } from "../errors/problem.js";
import type { PromptTemplate } from "./model.js";
export function parseTemplate(path: string, text: string): Result<PromptTemplate> {
  return { ok: true, value: { path, format: "text", metadata: {}, metadataLines: {}, parameters: {}, messages: [{ role: "user", text, startLine: 1 }], variables: [], source: text } };
}
