/**
 * One evaluation at a time per key (a pull request's head and base), and
 * bursts folded: while one runs, every later request for the same key joins a
 * single follow-up run that starts after it, with the latest arguments. The
 * follow-up starts after every request it answers arrived, so it sees what
 * they announced; concurrent writers within a process never race on one
 * check run, and 200 events on one pull request cost two evaluations.
 */
export class CoalescingQueue {
  private readonly slots = new Map<string, { running: Promise<unknown>; next?: { job: () => Promise<unknown>; promise: Promise<unknown> } }>();

  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const slot = this.slots.get(key);
    if (!slot) {
      const running = this.start(key, job);
      return running;
    }
    if (slot.next) {
      slot.next.job = job;
      return slot.next.promise as Promise<T>;
    }
    const next: { job: () => Promise<unknown>; promise: Promise<unknown> } = { job, promise: Promise.resolve() };
    next.promise = slot.running.then(
      () => this.startNext(key),
      () => this.startNext(key),
    );
    slot.next = next;
    return next.promise as Promise<T>;
  }

  /** Keys with work in flight (for tests and shutdown). */
  get size(): number {
    return this.slots.size;
  }

  private start<T>(key: string, job: () => Promise<T>): Promise<T> {
    const running = job().finally(() => {
      const slot = this.slots.get(key);
      if (slot && slot.running === running && !slot.next) this.slots.delete(key);
    });
    this.slots.set(key, { running });
    return running;
  }

  private startNext(key: string): Promise<unknown> {
    const slot = this.slots.get(key)!;
    const job = slot.next!.job;
    slot.next = undefined;
    this.slots.delete(key);
    return this.start(key, job);
  }
}
