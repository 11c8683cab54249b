/** Fixture access and invariants shared by the template tests. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "@jest/globals";
import { parseTemplate } from "../../core/templates/parse.js";
import type { Problem } from "../../core/errors/problem.js";
import type { PromptTemplate } from "../../core/templates/model.js";

const root = fileURLToPath(new URL("../fixtures/templates/", import.meta.url));

export const fixtureText = (rel: string): string => readFileSync(root + rel, "utf8");

/** Parse a fixture under a repository-like path and demand success. */
export function parsedFixture(rel: string): PromptTemplate {
  const r = parseTemplate(`prompts/${rel}`, fixtureText(rel));
  if (!r.ok) throw new Error(`expected ${rel} to parse, got ${JSON.stringify(r.error)}`);
  return r.value;
}

export function fixtureProblem(rel: string): Problem {
  const r = parseTemplate(`prompts/${rel}`, fixtureText(rel));
  if (r.ok) throw new Error(`expected ${rel} to fail`);
  return r.error;
}

export function parsed(path: string, text: string): PromptTemplate {
  const r = parseTemplate(path, text);
  if (!r.ok) throw new Error(`expected ${path} to parse, got ${JSON.stringify(r.error)}`);
  return r.value;
}

export function problem(path: string, text: string): Problem {
  const r = parseTemplate(path, text);
  if (r.ok) throw new Error(`expected ${path} to fail`);
  return r.error;
}

/** `{ name, line, column, message }` tuples, the shape tests compare. */
export const vars = (t: PromptTemplate): Array<[string, number, number, number | undefined]> =>
  t.variables.map((v) => [v.name, v.line, v.column, v.message]);

/**
 * What every parsed template must satisfy: each variable's position points at
 * its name in the source, and each message's first text line is on its start line.
 */
export function expectPositionsTrue(t: PromptTemplate): void {
  const lines = t.source.split("\n");
  for (const v of t.variables) {
    expect(lines[v.line - 1]?.slice(v.column - 1).startsWith(v.name)).toBe(true);
  }
  for (const m of t.messages) {
    const first = m.text.split("\n", 1)[0]!.replace(/\r$/, "");
    expect(lines[m.startLine - 1]).toContain(first);
  }
}
