/** Citation counts from Semantic Scholar: a paced client, a SQLite cache and a daily refresh service. */
export { S2Client, S2Error, S2_BATCH_LIMIT, type S2ClientOptions, type S2PaperFigures, type S2FailureKind } from './s2-client.js';
export { CitationCache, type FetchRecord } from './cache.js';
export { createCitationService, REFRESH_INTERVAL_MS, type CitationService, type CitationServiceOptions, type RefreshResult } from './service.js';
export type { CitationFigures, CitationReader, CitationSnapshot } from './types.js';
