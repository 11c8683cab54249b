import { describe, it, expect } from "@jest/globals";
import { declaredInputs, picoschemaInputs } from "../../core/templates/inputs.js";
import { modelFromString, modelFromValue, normalizeParameters } from "../../core/templates/parameters.js";

describe("normalizeParameters", () => {
  it("renames known parameters to common names and keeps the rest as written", () => {
    expect(normalizeParameters({ maxTokens: 10, topP: 0.5, responseFormat: "json", stop: ["\n"], presence_penalty: 1 })).toEqual({
      max_tokens: 10,
      top_p: 0.5,
      response_format: "json",
      stop: ["\n"],
      presence_penalty: 1,
    });
    for (const key of ["max_tokens", "maxTokens", "max_completion_tokens", "maxOutputTokens"]) {
      expect(normalizeParameters({ [key]: 7 })).toEqual({ max_tokens: 7 });
    }
  });

  it("prefers the common spelling when a file writes both, else the first", () => {
    expect(normalizeParameters({ maxTokens: 1, max_tokens: 2 })).toEqual({ max_tokens: 2 });
    expect(normalizeParameters({ max_tokens: 2, maxTokens: 1 })).toEqual({ max_tokens: 2 });
    expect(normalizeParameters({ maxOutputTokens: 3, maxTokens: 1 })).toEqual({ max_tokens: 3 });
  });

  it("merges several sources and ignores what is not a mapping", () => {
    expect(normalizeParameters(undefined, "x", [1], { temperature: 1 }, { tools: [] })).toEqual({ temperature: 1, tools: [] });
  });
});

describe("model references", () => {
  it("splits provider/name at the first slash", () => {
    expect(modelFromString("openai/gpt-4o-mini")).toEqual({ provider: "openai", name: "gpt-4o-mini" });
    expect(modelFromString("azureml/meta/Llama-3")).toEqual({ provider: "azureml", name: "meta/Llama-3" });
    expect(modelFromString("gpt-4o")).toEqual({ name: "gpt-4o" });
    expect(modelFromString(" /odd")).toEqual({ name: "/odd" });
    expect(modelFromString("")).toBeUndefined();
  });

  it("reads mappings with provider and name or id", () => {
    expect(modelFromValue({ provider: "anthropic", name: "claude" })).toEqual({ provider: "anthropic", name: "claude" });
    expect(modelFromValue({ id: "openai/gpt-4.1" })).toEqual({ provider: "openai", name: "gpt-4.1" });
    expect(modelFromValue({ temperature: 1 })).toBeUndefined();
    expect(modelFromValue(42)).toBeUndefined();
  });
});

describe("declared inputs", () => {
  it("reads Prompty inputs as a mapping or a list of named entries", () => {
    expect(declaredInputs({ q: { type: "string" } })).toEqual({ q: { type: "string" } });
    expect(declaredInputs([{ name: "q", kind: "string" }, "junk", { kind: "x" }])).toEqual({ q: { kind: "string" } });
    expect(declaredInputs("q")).toBeUndefined();
  });

  it("reads Picoschema keys as variable names and container annotations as shapes", () => {
    expect(
      picoschemaInputs({
        "name": "string",
        "nick?": "string, a nickname",
        "tags(array, labels)": "string",
        "address(object)": { city: "string" },
        "status?(enum)": ["open", "closed"],
        "(*)": "any",
      }),
    ).toEqual({
      name: "string",
      nick: "string, a nickname",
      tags: { type: "array", items: "string" },
      address: { type: "object", properties: { city: "string" } },
      status: { enum: ["open", "closed"] },
      "(*)": "any",
    });
    expect(picoschemaInputs("MyRegisteredSchema")).toBeUndefined();
  });
});
