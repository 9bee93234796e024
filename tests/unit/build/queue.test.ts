// The queue between the render step and the printers: first in, first out; takers wait; closing releases them.
import { describe, expect, it } from "vitest";
import { Queue } from "../../../src/build/queue.js";

describe("Queue", () => {
  it("gives items in the order they were pushed and counts those waiting", async () => {
    const q = new Queue<number>();
    q.push(1);
    q.push(2);
    expect(q.size).toBe(2);
    expect(await q.take()).toBe(1);
    expect(await q.take()).toBe(2);
    expect(q.size).toBe(0);
  });

  it("hands a pushed item straight to a consumer already waiting", async () => {
    const q = new Queue<string>();
    const waiting = q.take();
    q.push("a");
    expect(await waiting).toBe("a");
    expect(q.size).toBe(0);
  });

  it("tells the producer when an item is taken (room again)", async () => {
    const q = new Queue<number>();
    q.push(1);
    let room = false;
    const taken = q.taken().then(() => (room = true));
    await Promise.resolve();
    expect(room).toBe(false);
    await q.take();
    await taken;
    expect(room).toBe(true);
  });

  it("once closed, gives what is left, then undefined, and releases every waiter", async () => {
    const q = new Queue<number>();
    const waiters = [q.take(), q.take()];
    const producer = q.taken();
    q.close();
    expect(await Promise.all(waiters)).toEqual([undefined, undefined]);
    await producer; // resolves: a producer waiting for room is not left hanging
    const r = new Queue<number>();
    r.push(7);
    r.close();
    expect(await r.take()).toBe(7);
    expect(await r.take()).toBeUndefined();
  });
});
