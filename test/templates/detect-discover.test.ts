import { describe, it, expect } from "@jest/globals";
import { defaultPolicy } from "../../core/policy/resolved.js";
import { isTemplatePath, templatePaths } from "../../core/templates/discover.js";
import { detectFormat, parseTemplate } from "../../core/templates/parse.js";

describe("detectFormat", () => {
  it.each([
    ["prompts/support.prompt.yml", "github-models"],
    ["prompts/support.prompt.yaml", "github-models"],
    ["a/B.PROMPT.YML", "github-models"],
    ["chat.prompty", "prompty"],
    ["flows/summarize.prompt", "dotprompt"],
    ["flows/_header.prompt", "dotprompt"],
    ["prompts/readme.md", "markdown"],
    ["prompts/notes.markdown", "markdown"],
    ["prompts/hello.txt", "text"],
    ["prompts/hello.j2", "text"],
    ["prompts\\win\\hello.jinja2", "text"],
  ])("%s → %s", (path, format) => {
    expect(detectFormat(path)).toBe(format);
  });

  it("says nothing for names that carry no format", () => {
    expect(detectFormat("prompts/config.yml")).toBeUndefined();
    expect(detectFormat("prompts/data.json")).toBeUndefined();
    expect(detectFormat("prompt")).toBeUndefined();
    expect(detectFormat("prompts.yml/file")).toBeUndefined();
  });

  it("is the format parseTemplate uses", () => {
    const r = parseTemplate("x/_partial.prompt", "Hi {{name}}");
    expect(r.ok && r.value.format).toBe("dotprompt");
  });
});

describe("isTemplatePath with the default policy", () => {
  const policy = defaultPolicy();

  it.each([
    "support.prompt.yml",
    "deep/dir/support.prompt.yaml",
    "agents/chat.prompty",
    "flows/summarize.prompt",
    "flows/_header.prompt",
    "prompts/anything.md",
    "prompts/nested/deeper/notes.txt",
    ".github/prompts/x.prompt.yml",
    "./prompts/a.md",
  ])("%s is a template", (path) => {
    expect(isTemplatePath(path, policy)).toBe(true);
  });

  it.each([
    "README.md",
    "src/index.ts",
    "docs/prompts/x.md",
    "support.prompt.yml.bak",
    "prompts/",
    "prompts/.gitkeep",
    "prompts/sub/.gitignore",
  ])("%s is not a template", (path) => {
    expect(isTemplatePath(path, policy)).toBe(false);
  });

  it("honours ignore globs and custom template globs", () => {
    const custom = { templates: ["llm/**/*.md", "**/*.prompty"], ignore: ["llm/drafts/**", "**/*.test.prompty"] };
    expect(templatePaths(["llm/a.md", "llm/drafts/b.md", "x/c.prompty", "x/c.test.prompty", "prompts/d.md"], custom)).toEqual(["llm/a.md", "x/c.prompty"]);
  });

  it("follows a policy whose globs change after first use", () => {
    const p = { templates: ["a/**"], ignore: [] as string[] };
    expect(isTemplatePath("a/x.md", p)).toBe(true);
    p.templates = ["b/**"];
    expect(isTemplatePath("a/x.md", p)).toBe(false);
    expect(isTemplatePath("b/x.md", p)).toBe(true);
  });

  it("accepts Windows separators", () => {
    expect(isTemplatePath("prompts\\sub\\a.md", policy)).toBe(true);
  });
});
