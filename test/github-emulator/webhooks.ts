import { createHmac, randomUUID } from "node:crypto";

export interface DeliveryAttempt {
  /** HTTP status the receiver answered, or null when it could not be reached. */
  status: number | null;
  error?: string;
  redelivery: boolean;
}

/** One webhook delivery, kept so tests can inspect, redeliver or replay it. */
export interface Delivery {
  /** `X-GitHub-Delivery`. */
  id: string;
  event: string;
  action?: string;
  payload: Record<string, unknown>;
  /** The exact bytes that were signed and sent. */
  body: string;
  headers: Record<string, string>;
  attempts: DeliveryAttempt[];
}

/** In-process receiver: e.g. `(d) => probot.webhooks.verifyAndReceive({ id: d.id, name: d.event, payload: d.body, signature: d.headers["x-hub-signature-256"] })`. */
export type DeliveryHandler = (delivery: Delivery) => Promise<void> | void;

export interface WebhookOptions {
  /** The secret deliveries are signed with (`X-Hub-Signature-256`). */
  secret?: string;
  /** POST every delivery here. */
  url?: string;
  /** Or hand every delivery to this function. */
  handler?: DeliveryHandler;
}

/** GitHub gives up on a delivery after 10 seconds; tests get more slack on a loaded machine. */
const DELIVERY_TIMEOUT_MS = 30_000;

export const signPayload = (secret: string, body: string): string => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/**
 * Builds, signs and sends webhook deliveries in the order their state changes
 * happened, one at a time (the receiver handles one before the next arrives).
 * Without a `url` or `handler` deliveries are only collected.
 */
export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private hookId = 424242;

  constructor(private options: WebhookOptions, private readonly installationTarget: () => { id: number; type: string } | null) {}

  get secret(): string {
    return this.options.secret ?? "";
  }

  /** Change where deliveries go (e.g. once the receiving server has a port). */
  configure(options: Partial<WebhookOptions>): void {
    this.options = { ...this.options, ...options };
  }

  private headersFor(id: string, event: string, body: string, secret: string): Record<string, string> {
    const target = this.installationTarget();
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/emulator",
      "x-github-delivery": id,
      "x-github-event": event,
      "x-github-hook-id": String(this.hookId),
      "x-hub-signature-256": signPayload(secret, body),
      "x-hub-signature": `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`,
    };
    if (target) {
      headers["x-github-hook-installation-target-id"] = String(target.id);
      headers["x-github-hook-installation-target-type"] = target.type;
    }
    return headers;
  }

  /** Records a delivery and schedules it; returns it at once. */
  enqueue(event: string, payload: Record<string, unknown>): Delivery {
    const body = JSON.stringify(payload);
    const id = randomUUID();
    const delivery: Delivery = {
      id,
      event,
      action: typeof payload.action === "string" ? payload.action : undefined,
      payload,
      body,
      headers: this.headersFor(id, event, body, this.secret),
      attempts: [],
    };
    this.deliveries.push(delivery);
    if (this.options.url || this.options.handler) this.schedule(() => this.send(delivery, false));
    return delivery;
  }

  private schedule(job: () => Promise<unknown>): Promise<void> {
    this.pending++;
    const next = this.queue.then(job).then(
      () => undefined,
      () => undefined,
    );
    this.queue = next.finally(() => this.pending--);
    return next;
  }

  private async send(delivery: Delivery, redelivery: boolean, headers = delivery.headers, body = delivery.body): Promise<DeliveryAttempt> {
    const attempt: DeliveryAttempt = { status: null, redelivery };
    try {
      if (this.options.handler) {
        await this.options.handler({ ...delivery, headers, body });
        attempt.status = 200;
      } else if (this.options.url) {
        // A receiver that never answers must not hang `settled()` and `close()` forever.
        const res = await fetch(this.options.url, { method: "POST", headers, body, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
        await res.arrayBuffer();
        attempt.status = res.status;
      }
    } catch (e) {
      attempt.error = e instanceof Error ? e.message : String(e);
      const status = (e as { status?: unknown }).status;
      if (typeof status === "number") attempt.status = status;
    }
    delivery.attempts.push(attempt);
    return attempt;
  }

  /** Waits until every scheduled delivery (including ones caused while delivering) has been sent. */
  async settled(): Promise<void> {
    while (this.pending > 0) await this.queue;
  }

  /** Sends a recorded delivery again, unchanged (same `X-GitHub-Delivery`), as GitHub's "Redeliver" does. */
  async redeliver(id: string): Promise<DeliveryAttempt> {
    const delivery = this.deliveries.find((d) => d.id === id);
    if (!delivery) throw new Error(`no delivery ${id}`);
    let attempt: DeliveryAttempt | undefined;
    await this.schedule(async () => {
      attempt = await this.send(delivery, true);
    });
    return attempt!;
  }

  /**
   * Sends a delivery that is not from the emulator: signed with `secret`
   * (a wrong one, by default) or carrying `signature` verbatim.
   */
  async sendForged(event: string, payload: Record<string, unknown>, options: { secret?: string; signature?: string; id?: string } = {}): Promise<DeliveryAttempt> {
    const body = JSON.stringify(payload);
    const id = options.id ?? randomUUID();
    const headers = this.headersFor(id, event, body, options.secret ?? `not-${this.secret}`);
    if (options.signature !== undefined) headers["x-hub-signature-256"] = options.signature;
    const forged: Delivery = { id, event, action: typeof payload.action === "string" ? payload.action : undefined, payload, body, headers, attempts: [] };
    let attempt: DeliveryAttempt | undefined;
    await this.schedule(async () => {
      attempt = await this.send(forged, false);
    });
    return attempt!;
  }

  /** Deliveries of one event (and action), in order. */
  find(event: string, action?: string): Delivery[] {
    return this.deliveries.filter((d) => d.event === event && (action === undefined || d.action === action));
  }

  /** Removes and returns the collected deliveries (for tests that send them themselves). */
  take(): Delivery[] {
    return this.deliveries.splice(0, this.deliveries.length);
  }
}
