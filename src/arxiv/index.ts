/**
 * The arXiv module: client, parser, conversion to corpus records and errors, from one import.
 */
export {
  ArxivClient,
  arxivClientOptionsFromConfig,
  authorFeedKind,
  buildUserAgent,
  DEFAULT_FEED_URL,
  parseRetryAfter,
  type ArxivAuthorSearchOptions,
  type ArxivClientOptions,
  type ArxivQueryOptions,
  type ArxivRequestOptions,
  type RetryWait,
} from './client.js';
export { ArxivApiError, ArxivError, ArxivFeedError, ArxivFetchError, type ArxivFetchFailure } from './errors.js';
export { entryToPaper, type PaperAttribution } from './paper.js';
export { parseArxivFeed, parseArxivFeedAsync, type ArxivEntry, type ArxivFeed } from './parse.js';
export { authorNameForQuery, authorQuery, type ArxivSortBy, type ArxivSortOrder } from './query.js';
