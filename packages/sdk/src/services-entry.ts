/**
 * @packageDocumentation
 * A services-only client for the public family directory: search, details and taxonomy, without the
 * handover, learner and pathway code, so a school website ships as little as possible.
 *
 * ```ts
 * import { createServicesClient } from '@c2c/sdk/services';
 * const directory = createServicesClient({ baseUrl: 'https://hub.example.org' });
 * const page = await directory.search({ q: 'speech', age: 7 });
 * ```
 */
import { createTransport, type ClientOptions } from './client.js';
import { HUB } from './internal/status-errors.js';
import { ServicesResource } from './resources/services.js';

export type { ClientOptions, Logger, RequestInfo, RequestOptions, ResponseInfo, ValidationMode } from './client.js';
export {
  ApiError,
  AuthError,
  C2cError,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  ValidationError,
} from './errors.js';
export { PagePromise, type Page } from './pagination.js';
export { ServicesResource, type ServiceHit } from './resources/services.js';
export type { Service, ServiceQuery, TaxonomyTerm } from '@c2c/schema';

/** Options for {@link createServicesClient}: the client options without the token ones, which the public directory does not need. */
export type ServicesClientOptions = Omit<ClientOptions, 'token' | 'getToken'>;

/** Creates a client that can only read the public service directory (`search`, `get`, `taxonomies`). */
export function createServicesClient(options: ServicesClientOptions): ServicesResource {
  return new ServicesResource(createTransport(options, 'createServicesClient', HUB));
}
