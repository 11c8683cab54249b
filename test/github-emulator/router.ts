import type { HandlerSpec } from "./handler-kit.js";
import { APP_HANDLERS } from "./handlers-apps.js";
import { CHECK_HANDLERS } from "./handlers-checks.js";
import { GIT_HANDLERS } from "./handlers-git.js";
import { ISSUE_HANDLERS } from "./handlers-issues.js";
import { PULL_HANDLERS } from "./handlers-pulls.js";
import { REPO_HANDLERS } from "./handlers-repos.js";
import { OPERATIONS, type OperationSpec } from "./operations.js";

/** Parameters whose values may contain `/` (refs, file paths, `base...head`). */
const GREEDY = new Set(["ref", "path", "branch", "basehead"]);

export interface Route extends OperationSpec, HandlerSpec {
  regex: RegExp;
  names: string[];
  literalLength: number;
  /** `documentation_url` of error answers (default: the REST docs). */
  documentationUrl?: string;
  /** Answers are not in the OpenAPI description and are typed another way (GraphQL: by its schema). */
  selfValidating?: boolean;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

const HANDLERS: Record<string, HandlerSpec> = {
  ...APP_HANDLERS,
  ...REPO_HANDLERS,
  ...PULL_HANDLERS,
  ...CHECK_HANDLERS,
  ...GIT_HANDLERS,
  ...ISSUE_HANDLERS,
};

function compile(op: OperationSpec, spec: HandlerSpec): Route {
  const names: string[] = [];
  const source = op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    // A file path may be empty (`/contents/` lists the root).
    return name === "path" ? "(.*)" : GREEDY.has(name) ? "(.+)" : "([^/]+)";
  });
  return { ...op, ...spec, regex: new RegExp(`^${source}/?$`), names, literalLength: op.path.replace(/\{\w+\}/g, "").length };
}

/** Every operation in OPERATIONS with its handler; routes with longer literal parts are tried first. */
export function buildRoutes(): Route[] {
  const routes = OPERATIONS.map((op) => {
    const spec = HANDLERS[op.operationId];
    if (!spec) throw new Error(`no handler for ${op.operationId}`);
    return compile(op, spec);
  });
  return routes.sort((a, b) => b.literalLength - a.literalLength);
}

export function matchRoute(routes: Route[], method: string, path: string): RouteMatch | "method-not-allowed" | null {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1]!);
    });
    return { route, params };
  }
  return pathMatched ? "method-not-allowed" : null;
}
