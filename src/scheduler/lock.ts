/**
 * A promise mutex: the scheduled run, the start-up catch-up and `/paper-admin check-now` share one, so two
 * runs never overlap (they would race on the same papers and could post twice before either recorded).
 */
export class RunLock {
  private tail: Promise<unknown> = Promise.resolve();
  private held = 0;

  /** True while a task runs or waits its turn: a new task would wait. */
  get busy(): boolean {
    return this.held > 0;
  }

  /** Runs `task` once every task queued before it has finished; rejections do not break the chain. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.held++;
    const result = this.tail.then(task).finally(() => this.held--);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
