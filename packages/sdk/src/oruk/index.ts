/**
 * @packageDocumentation
 * Reads any Open Referral UK feed into `@c2c/schema` services, reporting what it could not map.
 *
 * ```ts
 * import { createOrukReader, mappingReport } from '@c2c/sdk/oruk';
 * const feed = createOrukReader('https://hub.example.org/oruk');
 * for await (const service of feed.all({ taxonomy: 'speech-language' })) render(service);
 * ```
 */
export {
  createOrukReader,
  mappingReport,
  type MappingReportLine,
  type OrukFilter,
  type OrukListOptions,
  type OrukPageLimit,
  type OrukProblem,
  type OrukRecord,
  type OrukQuery,
  type OrukReader,
  type OrukReaderOptions,
  type OrukRepeatedPage,
  type OrukSearchResult,
} from './reader.js';
export type { MappingProblem, Service, TaxonomyTerm } from '@c2c/schema';
export type { RequestOptions } from '../client.js';
export {
  ApiError,
  C2cError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
} from '../errors.js';
