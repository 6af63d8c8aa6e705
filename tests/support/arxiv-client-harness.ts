/**
 * Shared set-up for tests that drive the arXiv client against the fake arXiv server: one server per file,
 * faults and papers reset after each test, and client timings shrunk so retries take milliseconds.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { ArxivClientOptions } from '../../src/arxiv/client.js';
import { startArxivServer, type ArxivServer, type FakePaper, type RecordedRequest } from './arxiv-server.js';

/** Pacing, backoff and timeout small enough for a fast suite, still large enough to measure spacing. */
export const FAST_CLIENT = {
  minIntervalMs: 40,
  backoffBaseMs: 20,
  backoffMaxMs: 80,
  timeoutMs: 2000,
  maxRetries: 3,
} satisfies Partial<ArxivClientOptions>;

/**
 * Starts a fake arXiv server for the file's tests and hands it to `use`. After each test it checks that
 * every queued fault was consumed (a fault left over means the test did not exercise what it claims), then
 * restores the original papers.
 */
export function useArxivServer(papers: FakePaper[], use: (server: ArxivServer) => void): void {
  let server: ArxivServer;
  beforeAll(async () => {
    server = await startArxivServer({ papers });
    use(server);
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    expect(server.pendingFaults(), 'a queued fault was never consumed').toBe(0);
    server.reset();
    server.setPapers(papers);
  });
}

/** Milliseconds between consecutive requests as the server saw them arrive. */
export function requestGaps(requests: RecordedRequest[]): number[] {
  return requests.slice(1).map((r, i) => r.at - requests[i]!.at);
}
