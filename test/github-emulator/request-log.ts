/** One API call as the emulator saw it. */
export interface LoggedRequest {
  method: string;
  /** Path as requested, without the `/api/v3` prefix and without the query. */
  path: string;
  /** GitHub's operation id (`pulls/list-files`), or `unknown` for routes the emulator does not serve. */
  operationId: string;
  /** `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`. */
  route: string;
  status: number;
  /** Who made the call: `app:<id>`, `installation:<id>`, `user:<login>` or `anonymous`. */
  actor: string;
  /** True when an injected fault answered instead of the handler. */
  faulted: boolean;
  /** Time the emulator spent answering (including injected latency). */
  durationMs: number;
}

/**
 * Every call the emulator answered, so tests and benchmarks can assert how
 * many API calls an event cost. Endpoints are named either by operation id or
 * by `METHOD /route/template`.
 */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  get all(): readonly LoggedRequest[] {
    return this.entries;
  }

  get total(): number {
    return this.entries.length;
  }

  /** Calls to one endpoint (`pulls/list-files` or `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`), or all calls. */
  count(endpoint?: string): number {
    if (endpoint === undefined) return this.entries.length;
    return this.entries.filter((e) => e.operationId === endpoint || e.route === endpoint).length;
  }

  /** Calls per operation id. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) out[e.operationId] = (out[e.operationId] ?? 0) + 1;
    return out;
  }

  reset(): void {
    this.entries = [];
  }
}
