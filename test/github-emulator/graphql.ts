import { buildSchema, execute, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLFormattedError } from "graphql";
import { ObjectBatchLoader, readObjects, type GitObjectRead } from "./git-object-batch.js";
import { ApiError, type Actor, type EmulatorRequest, type EmulatorResponse } from "./http-types.js";
import type { Repository } from "./model.js";
import type { Route } from "./router.js";
import type { World } from "./world.js";

/** The name GraphQL calls carry in the request log and in fault matchers. */
export const GRAPHQL_OPERATION_ID = "graphql";
/** Where Octokit posts GraphQL when its base URL ends in `/api/v3` (GitHub Enterprise): `/api/graphql`, not `/api/v3/graphql`. */
export const GHE_GRAPHQL_PATH = "/api/graphql";
export const GRAPHQL_DOCUMENTATION_URL = "https://docs.github.com/graphql";
/** GitHub cuts `Blob.text` after 512 KB and says so with `isTruncated`. */
export const BLOB_TEXT_LIMIT = 512 * 1024;
const RATE_LIMIT = 5000;

/**
 * The slice of GitHub's GraphQL schema PromptOps uses, with GitHub's names,
 * nullability and argument types, so a query that validates here validates
 * against GitHub.
 */
export const GRAPHQL_SDL = /* GraphQL */ `
  "A Git object ID (hexadecimal SHA)."
  scalar GitObjectID
  "An ISO-8601 encoded UTC date string."
  scalar DateTime

  type Query {
    "Lookup a given repository by the owner and repository name."
    repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
    "The client's rate limit information."
    rateLimit(dryRun: Boolean = false): RateLimit
  }

  type Repository {
    name: String!
    nameWithOwner: String!
    isPrivate: Boolean!
    "A Git object in the repository: by a revision expression such as \`<sha>:<path>\`, or by its id."
    object(expression: String, oid: GitObjectID): GitObject
  }

  interface GitObject {
    oid: GitObjectID!
    abbreviatedOid: String!
  }

  type Blob implements GitObject {
    oid: GitObjectID!
    abbreviatedOid: String!
    byteSize: Int!
    isBinary: Boolean
    isTruncated: Boolean!
    text: String
  }

  type Commit implements GitObject {
    oid: GitObjectID!
    abbreviatedOid: String!
  }

  type Tree implements GitObject {
    oid: GitObjectID!
    abbreviatedOid: String!
  }

  type Tag implements GitObject {
    oid: GitObjectID!
    abbreviatedOid: String!
  }

  type RateLimit {
    cost: Int!
    limit: Int!
    nodeCount: Int!
    remaining: Int!
    resetAt: DateTime!
    used: Int!
  }
`;

export const GRAPHQL_SCHEMA = buildSchema(GRAPHQL_SDL);

/** An error GitHub reports inside a 200 answer (`{ type, path, locations, message }`), as opposed to an emulator bug. */
class FieldError extends GraphQLError {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface Context {
  world: World;
  actor: Actor;
  used: number;
  loaders: Map<Repository, ObjectBatchLoader>;
  read: ObjectReader;
}

/** Reads objects of one repository in one go (injectable so a test can count the reads). */
export type ObjectReader = (repo: Repository, names: string[]) => Promise<Array<GitObjectRead | null>>;

const readFromGit: ObjectReader = (repo, names) => readObjects(repo.git.gitDir, names);

/** Same visibility rule as the REST endpoints: an installation sees the repositories it covers, a user those it has access to. */
function canSee(world: World, actor: Actor, repo: Repository): boolean {
  if (actor.kind === "installation") return world.installationCovers(actor.installation, repo);
  if (actor.kind === "user") return world.permission(repo, actor.account) !== "none";
  return false;
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The first BLOB_TEXT_LIMIT bytes, cut back to a character boundary. */
function truncatedText(content: Buffer): string {
  let end = BLOB_TEXT_LIMIT;
  while (end > 0 && (content[end]! & 0xc0) === 0x80) end--;
  return content.subarray(0, end).toString("utf8");
}

const TYPENAMES = { blob: "Blob", tree: "Tree", commit: "Commit", tag: "Tag" } as const;

function gitObjectNode(o: GitObjectRead): Record<string, unknown> {
  const base = { __typename: TYPENAMES[o.type], oid: o.sha, abbreviatedOid: o.sha.slice(0, 7) };
  if (o.type !== "blob") return base;
  const byteSize = o.content.length;
  // Git's own test for binary is a NUL byte; text that does not decode as UTF-8 cannot be returned as a String either.
  const isBinary = o.content.includes(0) || !isValidUtf8(o.content);
  const isTruncated = byteSize > BLOB_TEXT_LIMIT;
  const text = isBinary ? null : isTruncated ? truncatedText(o.content) : o.content.toString("utf8");
  return { ...base, byteSize, isBinary, isTruncated, text };
}

function repositoryNode(repo: Repository) {
  return {
    name: repo.name,
    nameWithOwner: `${repo.owner.login}/${repo.name}`,
    isPrivate: repo.private,
    object: async (args: { expression?: string | null; oid?: string | null }, ctx: Context) => {
      const name = args.oid ?? args.expression;
      if (!name) return null;
      if (args.oid !== undefined && args.oid !== null && !/^[0-9a-f]{40}$/i.test(args.oid)) return null;
      let loader = ctx.loaders.get(repo);
      if (!loader) {
        loader = new ObjectBatchLoader((names) => ctx.read(repo, names));
        ctx.loaders.set(repo, loader);
      }
      const found = await loader.load(name);
      return found ? gitObjectNode(found) : null;
    },
  };
}

function rateLimitNode(used: number) {
  return {
    cost: 1,
    limit: RATE_LIMIT,
    nodeCount: 1,
    used,
    remaining: Math.max(0, RATE_LIMIT - used),
    resetAt: new Date((Math.floor(Date.now() / 1000) + 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

const ROOT = {
  repository: (args: { owner: string; name: string }, ctx: Context) => {
    const repo = ctx.world.findRepo(args.owner, args.name);
    if (!repo || !canSee(ctx.world, ctx.actor, repo)) {
      throw new FieldError("NOT_FOUND", `Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`);
    }
    return repositoryNode(repo);
  },
  rateLimit: (_args: unknown, ctx: Context) => rateLimitNode(ctx.used),
};

/** GitHub's error entries carry `type` at the top level (`NOT_FOUND`), not under `extensions`. */
function formatError(e: GraphQLError): GraphQLFormattedError & { type?: string } {
  const { extensions: _extensions, ...json } = e.toJSON();
  const original = e.originalError;
  return original instanceof FieldError ? { type: original.type, ...json } : json;
}

const clientErrors = (errors: readonly GraphQLError[]): EmulatorResponse => ({ status: 200, body: { errors: errors.map(formatError) } });

/**
 * Answers one GraphQL request as GitHub does: 401 without a usable token;
 * 200 with `errors` for a query that does not parse or validate; otherwise
 * 200 with `data` (and `errors` for fields that failed, e.g. an unknown
 * repository). An error no resolver meant to raise is an emulator bug and
 * is thrown, so the emulator turns it into a 500 and a recorded violation.
 */
export async function executeGraphql(
  world: World,
  actor: Actor,
  body: unknown,
  options: { used: number; read?: ObjectReader },
): Promise<EmulatorResponse> {
  if (actor.kind === "anonymous") throw new ApiError(401, "This endpoint requires you to be authenticated.");
  if (actor.kind === "app-jwt") throw new ApiError(401, "A JSON web token cannot access the GraphQL API; use an installation access token");
  const request = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof request.query !== "string") return clientErrors([new GraphQLError("A query attribute must be specified and must be a string.")]);
  const variables = request.variables ?? {};
  if (typeof variables !== "object" || Array.isArray(variables)) return clientErrors([new GraphQLError("Variables are invalid JSON.")]);
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (e) {
    if (e instanceof GraphQLError) return clientErrors([e]);
    throw e;
  }
  const invalid = validate(GRAPHQL_SCHEMA, document);
  if (invalid.length) return clientErrors(invalid);
  const context: Context = { world, actor, used: options.used, loaders: new Map(), read: options.read ?? readFromGit };
  const result: ExecutionResult = await execute({
    schema: GRAPHQL_SCHEMA,
    document,
    rootValue: ROOT,
    contextValue: context,
    variableValues: variables as Record<string, unknown>,
    operationName: typeof request.operationName === "string" ? request.operationName : undefined,
  });
  // Execution errors without a path are the client's (bad variables, unknown operation name); with a path, only FieldErrors are meant.
  const bug = result.errors?.find((e) => e.path !== undefined && !(e.originalError instanceof FieldError));
  if (bug) throw bug.originalError ?? bug;
  const out: Record<string, unknown> = {};
  if (result.errors?.length) out.errors = result.errors.map(formatError);
  if ("data" in result) out.data = result.data;
  return { status: 200, body: out };
}

function rateLimitHeaders(used: number): Record<string, string> {
  return {
    "x-ratelimit-limit": String(RATE_LIMIT),
    "x-ratelimit-remaining": String(Math.max(0, RATE_LIMIT - used)),
    "x-ratelimit-used": String(used),
    "x-ratelimit-resource": "graphql",
  };
}

/**
 * `POST /graphql` as a route of the emulator, so it shares authentication,
 * fault injection and the request log with REST. `previousCalls` is how many
 * GraphQL calls were made before this one (the rate limit's `used`).
 */
export function graphqlRoute(previousCalls: () => number): Route {
  return {
    method: "POST",
    path: "/graphql",
    operationId: GRAPHQL_OPERATION_ID,
    access: "public", // the handler refuses anonymous callers with GitHub's GraphQL message
    regex: /^\/graphql\/?$/,
    names: [],
    literalLength: "/graphql".length,
    documentationUrl: GRAPHQL_DOCUMENTATION_URL,
    // GraphQL is not in the OpenAPI description; what execute() returns is typed by the schema itself.
    selfValidating: true,
    handle: async (world: World, req: EmulatorRequest) => {
      const used = previousCalls() + 1;
      const response = await executeGraphql(world, req.actor, req.body, { used });
      return { ...response, headers: { ...response.headers, ...rateLimitHeaders(used) } };
    },
  };
}
