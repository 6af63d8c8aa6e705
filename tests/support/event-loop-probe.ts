/**
 * Counts how often the event loop got a turn while some work ran: a callback re-queued with `setImmediate`
 * runs only when the work yields, so the count shows whether long work lets interactions be answered,
 * without measuring any time.
 */

/** A running probe; `stop()` returns how many turns it got. */
export interface EventLoopProbe {
  stop(): number;
}

/** Starts counting event-loop turns. */
export function probeEventLoop(): EventLoopProbe {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop() {
      running = false;
      return turns;
    },
  };
}
