import { describe, it, expect } from "@jest/globals";
import type { FileContent, FileRequest, RepositorySource } from "../../core/diff/source.js";
import { CoalescingQueue } from "../../app/coalescing-queue.js";
import { LruMap } from "../../app/lru-map.js";
import { MemoSource } from "../../app/memo-source.js";
import { PolicyCache } from "../../app/policy-cache.js";

describe("LruMap", () => {
  it("forgets the least recently used entry beyond its capacity", () => {
    const m = new LruMap<string, number>(2);
    m.set("a", 1);
    m.set("b", 2);
    expect(m.get("a")).toBe(1); // a is now the most recent
    m.set("c", 3);
    expect(m.get("b")).toBeUndefined();
    expect(m.get("a")).toBe(1);
    expect(m.get("c")).toBe(3);
    expect(m.size).toBe(2);
  });
});

describe("PolicyCache", () => {
  it("reads a commit's policy once, and parses a blob once for every commit that has it", async () => {
    const cache = new PolicyCache(10);
    let reads = 0;
    const read = async (): Promise<FileContent> => {
      reads++;
      return { kind: "text", text: "version: 1\n", blobSha: "blob1" };
    };
    const a = await cache.at("r@c1", ".github/promptops.yml", read);
    expect(await cache.at("r@c1", ".github/promptops.yml", read)).toBe(a);
    const b = await cache.at("r@c2", ".github/promptops.yml", read);
    expect(reads).toBe(2);
    expect(b).toBe(a); // same blob, same parse
    expect(a.problems).toEqual([]);
  });

  it("no policy file means the defaults; an unreadable one is a problem", async () => {
    const cache = new PolicyCache();
    expect((await cache.at("r@x", ".github/promptops.yml", async () => ({ kind: "missing" }))).policy.origin.isDefault).toBe(true);
    expect((await cache.at("r@y", ".github/promptops.yml", async () => ({ kind: "binary", size: 3 }))).problems[0]!.code).toBe("policy.unreadable");
  });
});

describe("MemoSource", () => {
  it("lists files once and reads each (commit, path) once, however often asked", async () => {
    const calls: FileRequest[][] = [];
    let listed = 0;
    const inner: RepositorySource = {
      async changedFiles() {
        listed++;
        return { files: [] };
      },
      async readFiles(reqs) {
        calls.push(reqs);
        return new Map(reqs.map((r) => [`${r.ref}:${r.path}`, { kind: "text" as const, text: "x".repeat(10) }]));
      },
    };
    const memo = new MemoSource(inner);
    await Promise.all([memo.changedFiles("b", "h"), memo.changedFiles("b", "h")]);
    expect(listed).toBe(1);
    await memo.readFiles([{ path: "a", ref: "h" }, { path: "a", ref: "h" }, { path: "b", ref: "h" }], 100);
    const again = await memo.readFiles([{ path: "a", ref: "h" }, { path: "c", ref: "h" }], 100);
    expect(calls.map((c) => c.map((r) => r.path))).toEqual([["a", "b"], ["c"]]);
    expect(again.get("h:a")).toEqual({ kind: "text", text: "xxxxxxxxxx" });
    // Under a smaller limit a cached text reads as too large, as the source would have said.
    expect((await memo.readFiles([{ path: "a", ref: "h" }], 5)).get("h:a")).toEqual({ kind: "too-large", size: 10 });
  });
});

describe("CoalescingQueue", () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it("runs one job per key at a time and folds the waiting ones into a single run with the latest job", async () => {
    const q = new CoalescingQueue();
    const gate = deferred();
    const ran: string[] = [];
    const first = q.run("k", async () => {
      ran.push("first");
      await gate.promise;
      return "first";
    });
    const second = q.run("k", async () => (ran.push("second"), "second"));
    const third = q.run("k", async () => (ran.push("third"), "third"));
    const other = q.run("other", async () => (ran.push("other"), "other"));
    expect(await other).toBe("other");
    expect(ran).toEqual(["first", "other"]); // "k" waits for the running job; other keys do not
    gate.resolve();
    expect(await first).toBe("first");
    expect(await second).toBe("third");
    expect(await third).toBe("third");
    expect(ran).toEqual(["first", "other", "third"]);
    expect(q.size).toBe(0);
  });

  it("a failing job fails its callers but not the run after it", async () => {
    const q = new CoalescingQueue();
    const gate = deferred();
    const failing = q.run("k", async () => {
      await gate.promise;
      throw new Error("outage");
    });
    const next = q.run("k", async () => "ok");
    gate.resolve();
    await expect(failing).rejects.toThrow("outage");
    expect(await next).toBe("ok");
  });
});
