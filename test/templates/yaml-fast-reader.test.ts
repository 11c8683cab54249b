/**
 * The fast YAML reader must be invisible: every template parses to the same
 * PromptTemplate (values, lines, columns, variables) or the same problem as
 * with the full parser, and what it cannot reproduce it hands back.
 */
import { describe, expect, it } from "@jest/globals";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from "yaml";
import { parseTemplate } from "../../core/templates/parse.js";
import { readYamlFast } from "../../core/templates/yaml-fast-reader.js";
import { seededRandom } from "../../core/random/mulberry32.js";
import { templateFile } from "../../bench/synthetic-pr.js";
import { CONTENT_CATEGORIES, loadCorpus } from "../corpus/evaluate.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const TEMPLATE_NAME = /\.(?:prompt\.ya?ml|prompty|prompt|md|txt|j2)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : TEMPLATE_NAME.test(name) ? [p] : [];
  });
}

/** YAML that prompt files contain, including the corners where two parsers could disagree. */
const TRICKY_GITHUB_MODELS: Record<string, string> = {
  "quoted and folded": `name: "quoted \\"name\\""
description: 'single ''quoted'''
model: openai/gpt-4o
modelParameters:
  temperature: 0.5
  max_tokens: 0x100
  top_p: .9
  seed: 0o17
  stop: [ "\\n", 'END' ]
messages:
  - role: system
    content: >
      Folded {{a}} text
        more indented {{b}}
      back

  - role: user
    content: "double
      quoted {{c}}
      \\t escaped"
  - role: assistant
    content: 'single {{d}}'
`,
  "chomping and indentation indicators": `messages:
  - role: system
    content: |+
      keep {{x}}

  - role: user
    content: |-
      strip {{y}}
  - role: user
    content: |2
        indented {{z}}
`,
  "comments everywhere": `# a header comment
name: c # trailing
messages: # the list
  # before an item
  - role: system # role
    # between keys
    content: | # header comment
      line {{one}}
      # not a comment inside a block {{two}}
  # after the block
  - role: user
    content: plain {{three}} # comment {{notvar}}
testData:
  - input: x
`,
  "plain multi-line and numbers as text": `name: 1.0.0
version: 2024-01-01
flags: [1_000, 0b101, yes, no, on, ~, null, .inf, -.INF, .NaN, 1e3, +12, 012]
nested:
  deeper:
    list:
      - a
      - b: c
messages:
  - role: user
    content: a plain scalar
      that continues {{v}}
      over lines
`,
  "CRLF line endings": "name: crlf\r\nmessages:\r\n  - role: system\r\n    content: |\r\n      Hi {{who}}\r\n      there\r\n  - role: user\r\n    content: \"{{q}}\"\r\n",
  "byte order mark": "\ufeffname: bom\nmessages:\n  - role: user\n    content: hi {{x}}\n",
  "flow collections": `{name: flow, messages: [{role: system, content: "be {{nice}}"}, {role: user, content: hi}]}
`,
  "anchors and aliases": `base: &b
  temperature: 0.1
modelParameters: *b
messages:
  - role: user
    content: &c hello {{x}}
  - role: user
    content: *c
`,
  "tags": `name: !!str 123
messages:
  - role: user
    content: !custom hi
`,
  "empty values": `name:
description:
messages:
  - role: user
    content: hi
tags:
  -
  - a
`,
  "explicit keys": `? name
: explicit
messages:
  - role: user
    content: hi
`,
  "duplicate keys": `name: a
name: b
messages:
  - role: user
    content: hi
`,
  "tabs and bad indentation": "name: x\nmessages:\n\t- role: user\n  content: hi\n",
  "document markers": "---\nname: x\nmessages:\n  - role: user\n    content: hi\n...\n",
  "two documents": "name: x\nmessages:\n  - role: user\n    content: hi\n---\nname: y\n",
  "unicode": "name: ünïcödé ✓\nmessages:\n  - role: user\n    content: \"emoji 👩‍👩‍👧 {{名前}} \\u00e9\"\n",
  "empty message list": "messages: []\n",
  "only comments": "# nothing here\n",
};

const FRONT_MATTER: Record<string, string> = {
  "prompts/fm.prompty": "---\nname: p\nmodel:\n  api: chat\n  configuration:\n    type: azure_openai\n  parameters:\n    max_tokens: 128\ninputs:\n  question:\n    type: string\n---\nsystem:\nYou help. {{question}}\n",
  "prompts/fm.prompt": "---\nmodel: googleai/gemini-2.5-flash\nconfig:\n  temperature: 0.3\ninput:\n  schema:\n    topic: string\n---\n{{role \"system\"}}\nWrite about {{topic}}.\n",
  "prompts/fm.md": "---\nrole: system\ntags: [a, b]\nowner: \"@acme/team\"\n---\n# Title\nHello {{ name }}\n",
  "prompts/empty-fm.md": "---\n---\nbody {{x}}\n",
  "prompts/anchored-fm.md": "---\na: &x 1\nb: *x\n---\nbody\n",
};

function expectSameParse(path: string, text: string): void {
  const fast = parseTemplate(path, text);
  const full = parseTemplate(path, text, { yaml: "full" });
  expect({ path, result: fast }).toEqual({ path, result: full });
}

/** Every node's start, scalar values and types, as both parsers see them. */
function shape(node: YamlNode | null | undefined, src: string): unknown {
  if (node === null || node === undefined) return null;
  const start = node.range?.[0];
  if (isMap(node)) return { map: start, items: node.items.map((p) => [shape(p.key as YamlNode, src), shape(p.value as YamlNode, src)]) };
  if (isSeq(node)) return { seq: start, items: node.items.map((n) => shape(n as YamlNode, src)) };
  if (isScalar(node)) {
    // Where a scalar's text ends: both parsers agree up to trailing blanks.
    const end = node.range?.[1] ?? 0;
    return { scalar: start, end: src.slice(0, end).trimEnd().length, type: node.type, value: node.value };
  }
  return { other: start };
}

describe("fast YAML reader", () => {
  it("reads the plain subset itself, with the same nodes, ranges and values as the full parser", () => {
    const plain = [
      TRICKY_GITHUB_MODELS["quoted and folded"]!.replace('"double\n      quoted {{c}}\n      \\t escaped"', '"double quoted {{c}} \\t escaped"'),
      TRICKY_GITHUB_MODELS["chomping and indentation indicators"]!,
      TRICKY_GITHUB_MODELS["comments everywhere"]!,
      TRICKY_GITHUB_MODELS["CRLF line endings"]!,
      TRICKY_GITHUB_MODELS["flow collections"]!,
      TRICKY_GITHUB_MODELS["unicode"]!,
      templateFile(7, 1, 5),
    ];
    // The example repository's GitHub Models files are all in the subset.
    for (const f of filesUnder(join(repoRoot, "examples")).filter((f) => f.endsWith(".prompt.yml"))) plain.push(readFileSync(f, "utf8"));
    expect(plain.length).toBeGreaterThan(8);
    for (const src of plain) {
      const fast = readYamlFast(src);
      expect(fast).toBeDefined();
      const doc = parseDocument(src, { uniqueKeys: true });
      expect(doc.errors).toEqual([]);
      expect(fast!.value).toEqual(doc.toJS());
      expect(shape(fast!.root, src)).toEqual(shape(doc.contents, src));
    }
  });

  it("hands back what it cannot reproduce exactly", () => {
    for (const name of ["anchors and aliases", "tags", "explicit keys", "duplicate keys", "tabs and bad indentation", "document markers", "two documents", "plain multi-line and numbers as text", "empty values", "byte order mark"]) {
      expect({ name, fast: readYamlFast(TRICKY_GITHUB_MODELS[name]!) }).toEqual({ name, fast: undefined });
    }
  });

  it("types plain scalars as YAML 1.2 core does, also where js-yaml's core schema would differ", () => {
    // js-yaml reads scalars as text; their core value is resolved here, as eemeli/yaml resolves it.
    const jsYamlCoreDiffers = ["0b101", "+0x1", "-.5e-3", "-0o17", "-0x10", "-0", "1_000", "0.1_1"];
    const others = ["012", "0o8", "1e3", "1.", "0x", "+.inf", "+1", "1e+3", "1E3", ".5", "5.", "0o17", "0B1", "True", "tRUE", "NULL", "Null", "~", "0777", "1:20", "-.inf", ".Inf", "1,000", "yes", "2024-01-01", "-1", "3.14", "false", "null"];
    for (const scalar of [...jsYamlCoreDiffers, ...others]) {
      const src = `v: ${scalar}\n${scalar}: key\n`;
      const full = parseDocument(src).toJS() as Record<string, unknown>;
      const fast = readYamlFast(src);
      const keyIsText = typeof (parseDocument(`${scalar}: key\n`).contents as { items: { key: { value: unknown } }[] }).items[0]!.key.value === "string";
      // A key that is not text (a number, null, a boolean) takes the full parser; every value is read here.
      expect({ scalar, handedBack: fast === undefined }).toEqual({ scalar, handedBack: !keyIsText });
      const v = fast ? (fast.value as Record<string, unknown>).v : (readYamlFast(`v: ${scalar}\n`)!.value as { v: unknown }).v;
      expect({ scalar, same: Object.is(v, full.v) }).toEqual({ scalar, same: true });
      if (fast) expect(fast.value).toEqual(full);
    }
  });

  it("gives every tricky GitHub Models file the same template or problem as the full parser", () => {
    for (const text of Object.values(TRICKY_GITHUB_MODELS)) expectSameParse("prompts/tricky.prompt.yml", text);
  });

  it("gives front matter in every format the same template or problem as the full parser", () => {
    for (const [path, text] of Object.entries(FRONT_MATTER)) expectSameParse(path, text);
  });

  it("gives every template in the repository (fixtures, examples) the same result as the full parser", () => {
    const files = [...filesUnder(join(repoRoot, "test/fixtures/templates")), ...filesUnder(join(repoRoot, "examples"))];
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) expectSameParse(`prompts/${f.slice(f.lastIndexOf("/") + 1)}`, readFileSync(f, "utf8"));
  });

  it("gives every case of the labeled corpus (all formats, both sides) the same result as the full parser", async () => {
    let n = 0;
    for (const category of CONTENT_CATEGORIES) {
      for (const c of await loadCorpus(category)) {
        for (const text of [c.text, ...(c.old !== undefined ? [c.old] : [])]) { expectSameParse(c.path ?? "prompts/case.md", text); n++; }
      }
    }
    expect(n).toBeGreaterThan(350);
  });

  it("agrees with the full parser on 600 mutated templates, broken ones included", () => {
    const next = seededRandom(20261129);
    const seeds = Object.values(TRICKY_GITHUB_MODELS).concat(
      readFileSync(join(repoRoot, "test/fixtures/templates/github-models/support-reply.prompt.yml"), "utf8"),
    );
    const pieces = ["\n", "  ", "- ", ": ", "#", "|", ">", "\"", "'", "{{x}}", "[", "]", "{", "}", ",", "&a ", "*a", "\t", "\r\n", "content: "];
    for (let i = 0; i < 600; i++) {
      let s = seeds[Math.floor(next() * seeds.length)]!;
      for (let k = 0, ops = 1 + Math.floor(next() * 4); k < ops; k++) {
        const at = Math.floor(next() * (s.length + 1));
        const op = next();
        if (op < 0.4) s = s.slice(0, at) + s.slice(at + Math.floor(next() * 12));
        else s = s.slice(0, at) + pieces[Math.floor(next() * pieces.length)]! + s.slice(at);
      }
      expectSameParse("prompts/mutated.prompt.yml", s);
      expectSameParse("prompts/mutated.md", `---\n${s}\n---\nbody {{y}}\n`);
    }
  });
});
