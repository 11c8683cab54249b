import { describe, expect, it } from "@jest/globals";
import { readFileSync, statSync } from "node:fs";
import { convertSchema, extractSubset, type Spec } from "../../scripts/extract-openapi.js";
import { OPERATIONS, WEBHOOK_EVENTS } from "../github-emulator/operations.js";
import { OpenApiValidator, SUBSET_URL } from "../github-emulator/openapi-validator.js";

describe("convertSchema (OpenAPI 3.0 → JSON Schema 2020-12)", () => {
  it("turns nullable into null types, keeps property names that look like keywords, drops documentation", () => {
    const found = new Set<string>();
    const out = convertSchema(
      {
        type: "object",
        description: "dropped",
        properties: {
          description: { type: "string", nullable: true, example: "dropped" },
          state: { type: "string", enum: ["open", "closed"], nullable: true },
          owner: { allOf: [{ $ref: "#/components/schemas/simple-user" }], nullable: true },
          email: { type: "string", format: "email" },
        },
        "x-github": { dropped: true },
      },
      found,
    );
    expect(out).toEqual({
      type: "object",
      properties: {
        description: { type: ["string", "null"] },
        state: { type: ["string", "null"], enum: ["open", "closed", null] },
        owner: { anyOf: [{ allOf: [{ $ref: "#/$defs/schema.simple-user" }] }, { type: "null" }] },
        email: { type: "string" },
      },
    });
    expect([...found]).toEqual(["simple-user"]);
  });
});

describe("extractSubset", () => {
  const spec = {
    openapi: "3.0.3",
    info: { version: "1.1.4" },
    paths: {
      "/repos/{owner}/{repo}": {
        get: {
          operationId: "repos/get",
          responses: {
            "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/repo" } } } },
            "404": { $ref: "#/components/responses/not_found" },
            "301": { description: "moved" },
          },
        },
      },
    },
    "x-webhooks": {
      "pull-request-opened": { post: { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/hook" } } } } } },
    },
    components: {
      schemas: {
        repo: { type: "object", properties: { owner: { $ref: "#/components/schemas/user" } } },
        user: { type: "object", required: ["login"], properties: { login: { type: "string" } } },
        hook: { type: "object", properties: { sender: { $ref: "#/components/schemas/user" } } },
        unused: { type: "string" },
        error: { type: "object", properties: { message: { type: "string" } } },
      },
      responses: { not_found: { content: { "application/json": { schema: { $ref: "#/components/schemas/error" } } } } },
    },
  } as unknown as Spec;

  it("keeps the operations' responses, the webhooks and exactly the components they reach", () => {
    const subset = extractSubset(spec, "9.9.9", [{ method: "GET", path: "/repos/{owner}/{repo}", operationId: "repos/get" }], ["pull_request.opened"]);
    expect(subset["x-source"]).toMatchObject({ package: "@octokit/openapi", version: "9.9.9", apiVersion: "1.1.4" });
    expect(subset["x-operations"]).toEqual({
      "GET /repos/{owner}/{repo}": { operationId: "repos/get", responses: { "200": "response.repos.get.200", "404": "response.repos.get.404", "301": null } },
    });
    expect(subset["x-webhooks"]).toEqual({ "pull_request.opened": "webhook.pull_request.opened" });
    expect(Object.keys(subset.$defs as object).sort()).toEqual([
      "response.repos.get.200",
      "response.repos.get.404",
      "schema.error",
      "schema.hook",
      "schema.repo",
      "schema.user",
      "webhook.pull_request.opened",
    ]);
  });

  it("refuses an operation whose id in the spec differs from ours", () => {
    expect(() => extractSubset(spec, "9.9.9", [{ method: "GET", path: "/repos/{owner}/{repo}", operationId: "repos/fetch" }], [])).toThrow(/repos\/get/);
    expect(() => extractSubset(spec, "9.9.9", [{ method: "POST", path: "/repos/{owner}/{repo}", operationId: "x" }], [])).toThrow(/not in/);
  });
});

describe("the committed subset", () => {
  const text = readFileSync(SUBSET_URL, "utf8");
  const subset = JSON.parse(text) as { "x-source": Record<string, string>; "x-operations": Record<string, unknown>; "x-webhooks": Record<string, string>; $defs: Record<string, unknown> };

  it("records its source package and version and covers every operation and webhook the emulator serves", () => {
    expect(subset["x-source"].package).toBe("@octokit/openapi");
    expect(subset["x-source"].version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(subset["x-operations"]).sort()).toEqual(OPERATIONS.map((o) => `${o.method} ${o.path}`).sort());
    expect(Object.keys(subset["x-webhooks"]).sort()).toEqual([...WEBHOOK_EVENTS].sort());
  });

  it("is self-contained and small", () => {
    const refs = [...text.matchAll(/"\$ref": "#\/\$defs\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((r) => !(r in subset.$defs))).toEqual([]);
    expect(statSync(SUBSET_URL).size).toBeLessThan(3 * 1024 * 1024);
  });

  it("accepts what GitHub documents and rejects what it does not", () => {
    const v = OpenApiValidator.shared();
    expect(v.validateResponse("GET", "/repos/{owner}/{repo}/git/ref/{ref}", 200, { ref: "refs/heads/main", node_id: "x", url: "http://127.0.0.1/x", object: { sha: "a".repeat(40), type: "commit", url: "http://127.0.0.1/y" } })).toBeNull();
    expect(v.validateResponse("GET", "/repos/{owner}/{repo}/git/ref/{ref}", 200, { ref: "refs/heads/main" })?.errors.join()).toMatch(/required/);
    // A success status GitHub never answers is a violation; an undocumented error status is not.
    expect(v.validateResponse("GET", "/repos/{owner}/{repo}/git/ref/{ref}", 201, {})).not.toBeNull();
    expect(v.validateResponse("GET", "/repos/{owner}/{repo}/git/ref/{ref}", 401, { message: "Bad credentials" })).toBeNull();
  });
});
