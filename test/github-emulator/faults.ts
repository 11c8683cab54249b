import type { EmulatorResponse } from "./http-types.js";

/** What a fault rule matches: an operation id, `METHOD /route/template`, a regular expression on `METHOD /path`, or `*`. */
export type EndpointMatcher = string | RegExp;

export interface MatchedCall {
  method: string;
  path: string;
  route: string;
  operationId: string;
  params: Record<string, string>;
}

interface Rule {
  match: EndpointMatcher;
  /** Fire from the nth matching call on (1-based)… */
  nth: number;
  /** …this many times. */
  times: number;
  seen: number;
  fired: number;
  respond?: (call: MatchedCall) => EmulatorResponse;
  latencyMs?: number;
}

interface RefReadHook {
  repo: string;
  ref: string;
  nth: number;
  seen: number;
  run: () => Promise<void> | void;
}

export interface FaultOptions {
  /** Fire from the nth matching call on (1-based, default 1). */
  nth?: number;
  /** How many times to fire (default 1; `Infinity` for every call). */
  times?: number;
}

const SECONDARY_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:000000:000000:00000000.";

function matches(m: EndpointMatcher, call: MatchedCall): boolean {
  if (m instanceof RegExp) return m.test(`${call.method} ${call.path}`);
  if (m === "*") return true;
  return m === call.operationId || m === `${call.method} ${call.route}`;
}

/** `heads/x`, `refs/heads/x` and a bare branch name all mean `refs/heads/x`. */
export const normalizeRef = (ref: string): string =>
  ref.startsWith("refs/") ? ref : /^(heads|tags|pull)\//.test(ref) ? `refs/${ref}` : `refs/heads/${ref}`;

/** Operations that read a ref's current value, for the "ref moves between read and write" hook. */
const REF_READS: Record<string, string> = { "git/get-ref": "ref", "repos/get-branch": "branch", "repos/get-commit": "ref" };

/**
 * Per-test fault injection: failing or slow calls, rate limits, and a ref that
 * another writer moves right after the client read it.
 */
export class FaultInjector {
  private rules: Rule[] = [];
  private refHooks: RefReadHook[] = [];

  private add(match: EndpointMatcher, options: FaultOptions, rest: Pick<Rule, "respond" | "latencyMs">): void {
    this.rules.push({ match, nth: options.nth ?? 1, times: options.times ?? 1, seen: 0, fired: 0, ...rest });
  }

  /** Answer the nth matching call with a server error (502 by default). */
  failNth(match: EndpointMatcher, nth = 1, options: { status?: number; times?: number; message?: string } = {}): this {
    const status = options.status ?? 502;
    this.add(match, { nth, times: options.times }, {
      respond: () => ({ status, body: { message: options.message ?? (status === 502 ? "Server Error" : "Service Unavailable"), documentation_url: "https://docs.github.com/rest" } }),
    });
    return this;
  }

  /** GitHub's secondary rate limit: 403 (or 429) with `retry-after` and the message Octokit's throttling plugin recognises. */
  secondaryRateLimit(match: EndpointMatcher, options: FaultOptions & { retryAfter?: number; status?: 403 | 429 } = {}): this {
    this.add(match, options, {
      respond: () => ({
        status: options.status ?? 403,
        body: { message: SECONDARY_MESSAGE, documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" },
        headers: { "retry-after": String(options.retryAfter ?? 1) },
      }),
    });
    return this;
  }

  /** The primary rate limit: 403 with `x-ratelimit-remaining: 0` and the reset time. */
  primaryRateLimit(match: EndpointMatcher, options: FaultOptions & { resetInSeconds?: number } = {}): this {
    this.add(match, options, {
      respond: () => {
        const reset = Math.floor(Date.now() / 1000) + (options.resetInSeconds ?? 1);
        return {
          status: 403,
          body: { message: "API rate limit exceeded for installation.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit" },
          headers: { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-used": "5000", "x-ratelimit-reset": String(reset), "x-ratelimit-resource": "core" },
        };
      },
    });
    return this;
  }

  /** Delay matching calls (every one by default). */
  latency(match: EndpointMatcher, ms: number, options: FaultOptions = {}): this {
    this.add(match, { nth: options.nth, times: options.times ?? Infinity }, { latencyMs: ms });
    return this;
  }

  /**
   * After the nth read of `ref` in `repo` (`owner/name`) has been answered,
   * run `move` (typically a commit that moves the ref) before the client sees
   * the answer — so the client's next write races a ref it read stale.
   */
  moveRefAfterRead(repo: string, ref: string, move: () => Promise<void> | void, options: { nth?: number } = {}): this {
    this.refHooks.push({ repo: repo.toLowerCase(), ref: normalizeRef(ref), nth: options.nth ?? 1, seen: 0, run: move });
    return this;
  }

  /** `moveRefAfterRead` for the very next read. */
  onNextRefRead(repo: string, ref: string, move: () => Promise<void> | void): this {
    return this.moveRefAfterRead(repo, ref, move, { nth: 1 });
  }

  clear(): void {
    this.rules = [];
    this.refHooks = [];
  }

  /** Applies latency and returns a faulted answer, or null to let the handler answer. */
  async before(call: MatchedCall): Promise<EmulatorResponse | null> {
    let answer: EmulatorResponse | null = null;
    for (const rule of this.rules) {
      if (!matches(rule.match, call)) continue;
      rule.seen++;
      if (rule.seen < rule.nth || rule.fired >= rule.times) continue;
      if (rule.latencyMs !== undefined) {
        rule.fired++;
        await new Promise((r) => setTimeout(r, rule.latencyMs));
      } else if (!answer && rule.respond) {
        rule.fired++;
        answer = rule.respond(call);
      }
    }
    return answer;
  }

  /** Runs ref-move hooks due after this call. */
  async after(call: MatchedCall): Promise<void> {
    const param = REF_READS[call.operationId];
    if (!param || this.refHooks.length === 0) return;
    const repo = `${call.params.owner}/${call.params.repo}`.toLowerCase();
    const ref = normalizeRef(call.params[param] ?? "");
    for (const hook of [...this.refHooks]) {
      if (hook.repo !== repo || hook.ref !== ref) continue;
      hook.seen++;
      if (hook.seen === hook.nth) {
        this.refHooks.splice(this.refHooks.indexOf(hook), 1);
        await hook.run();
      }
    }
  }
}
