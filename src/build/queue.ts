/** A first-in first-out queue between the render step (producer) and the printers (consumers). */

/** A queue that a producer closes; consumers wait for items, the producer for room. */
export class Queue<T> {
  #items: T[] = [];
  #waiting: Array<(item: T | undefined) => void> = [];
  #taken: Array<() => void> = [];
  #closed = false;
  get size(): number {
    return this.#items.length;
  }
  push(item: T): void {
    const taker = this.#waiting.shift();
    if (taker) taker(item);
    else this.#items.push(item);
  }
  /** The next item, or undefined once the queue is closed and empty. */
  async take(): Promise<T | undefined> {
    const item = this.#items.shift();
    if (item !== undefined) for (const t of this.#taken.splice(0)) t();
    if (item !== undefined || this.#closed) return item;
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  /** Resolves when an item is taken (room for the producer). */
  taken(): Promise<void> {
    return new Promise((resolve) => this.#taken.push(resolve));
  }
  close(): void {
    this.#closed = true;
    for (const w of this.#waiting.splice(0)) w(undefined);
    for (const t of this.#taken.splice(0)) t();
  }
}
