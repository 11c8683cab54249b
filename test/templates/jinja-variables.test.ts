import { describe, it, expect } from "@jest/globals";
import { expectPositionsTrue, parsed } from "./fixtures.js";

const names = (text: string): string[] => {
  const t = parsed("prompts/case.j2", text);
  expectPositionsTrue(t);
  return t.variables.map((v) => v.name);
};

describe("Jinja2 / Mustache variables", () => {
  it("keeps the dotted path as written and reports each occurrence", () => {
    expect(names("{{ user.name }} and {{user.name}} and {{ user['email'] }}")).toEqual(["user.name", "user.name", "user"]);
  });

  it("skips filters, tests, keyword arguments, globals, literals and called functions", () => {
    expect(names("{{ name | default('anon') | replace(old, new=sep) }}")).toEqual(["name", "old", "sep"]);
    expect(names("{{ a if b is defined and c is not none else 'x' }}")).toEqual(["a", "b", "c"]);
    expect(names("{{ loop.index }} {{ range(3) }} {{ 42 }} {{ \"str\" ~ 'x' }} {{ true }}")).toEqual([]);
    expect(names("{{ text.upper() }} {{ helper(arg) }}")).toEqual(["text", "arg"]);
  });

  it("reads for iterables and if conditions but not the names a template binds", () => {
    expect(names("{% for k, v in pairs.items() if v %}{{ k }}={{ v }} {{ other }}{% endfor %}")).toEqual(["pairs", "other"]);
    expect(names("{% set total = price * qty %}{{ total }}{% with x = y %}{{ x }}{% endwith %}")).toEqual(["price", "qty", "y"]);
    expect(names("{% macro row(cell) %}{{ cell }}{% endmacro %}{{ row(data) }}")).toEqual(["data"]);
    expect(names("{% if ssn %}{{ ssn }}{% elif dob %}x{% endif %}")).toEqual(["ssn", "ssn", "dob"]);
  });

  it("skips comments, raw blocks and whitespace control", () => {
    expect(names("{# {{ hidden }} #}{%- raw -%}{{ literal }}{%- endraw -%}{{- shown -}}{{+ also +}}")).toEqual(["shown", "also"]);
  });

  it("treats an opening never closed as prose, not as one long expression", () => {
    expect(names("Write {{ like this and then {{ real }} appears")).toEqual(["real"]);
    expect(names("Only an open {{ brace")).toEqual([]);
    expect(names("{% never closed {{ x }} {% if y %}")).toEqual(["x", "y"]);
  });

  it("reads Mustache sections and raw output; skips closers, partials and delimiter changes", () => {
    expect(names("{{#items}}{{title}}{{/items}}{{^empty}}none{{/empty}}{{&html}}{{> footer}}{{=<% %>=}}")).toEqual(["items", "title", "empty", "html"]);
    expect(names("{{#each people}}{{name}}{{/each}}")).toEqual(["people", "name"]);
  });
});
