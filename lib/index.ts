/**
 * intercom-rx: Intercom's List Users as RxJS Observables.
 *
 * @module
 */
export {
  listUsers,
  listUserPages,
  scrollUsers,
  allUsers,
  allUserPages,
  type AllUsersOptions,
  type ListOptions,
  type AllUsersPage,
  type AllUsersPath,
} from './users.js'
export {
  capAt,
  dedupeById,
  pullConcatMap,
  throttle,
  type DedupeOptions,
  type ThrottleOptions,
} from './operators/index.js'
export { toAsyncIterable, type AsyncIterableOptions } from './toAsyncIterable.js'
export { PullableObservable, isPullable, type Pull } from './paginate/pullable.js'
export { scrollPages, type ScrollLockWait, type ScrollOptions, type ScrollPage } from './paginate/scroll-pages.js'
export {
  createClient,
  IntercomClient,
  type ClientOptions,
  type FetchLike,
  type FetchResponse,
} from './transport/client.js'
export { send, type HttpResponse, type SendHooks } from './transport/send.js'
export { RateLimiter, type RateLimitWait, type RateLimiterOptions } from './transport/rate-limiter.js'
export { type RetryOptions } from './transport/retry.js'
export { parseRateLimit, type HeaderSource, type RateLimit } from './transport/rate-limit.js'
export type { UserPage } from './paginate/user-pages.js'
export {
  IntercomError,
  intercomError,
  isIntercomError,
  type IntercomErrorTag,
  type IntercomErrorDetails,
} from './errors.js'
export {
  validateParams,
  ListUsersParams,
  type ListAllParams,
  type ListByEmailParams,
  type ListByPhoneParams,
  type Query,
  type Order,
  type Sort,
} from './params.js'
export { listUsersRequest, DEFAULT_BASE_URL, USERS_API_VERSION, type HttpRequest } from './request.js'
export { User, UserList, Pages, ErrorList, ErrorItem, StrictUser, StrictUserList, ScrollList } from './codecs/index.js'
export { VERSION } from './version.js'
