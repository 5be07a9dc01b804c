/**
 * intercom-rx: the people of an Intercom workspace as RxJS Observables: the users of List Users
 * (API 1.x) and the contacts of the Contacts API (2.x), listed, searched and followed as they change.
 *
 * What a user composes with, once each: the creation functions, the operators, the client, the
 * errors, the params and codecs to decode or validate with. The simulator is the second entry
 * point, `intercom-rx/simulator`.
 *
 * @module
 */

// creation functions
export {
  listUsers,
  listUserPages,
  scrollUsers,
  scrollUserPages,
  allUsers,
  allUserPages,
  userChanges,
  type UserChange,
  type AllUsersOptions,
  type ListOptions,
  type AllUsersPage,
  type AllUsersPath,
} from './users/users.js'
export type { UserPage } from './paging/numbered.js'
export type { ScrollLockWait, ScrollOptions, ScrollPage } from './paging/scroll.js'
export type { PullableObservable } from './core/observe.js'
export { AUTO_CEILING, type Concurrency } from './paging/concurrency.js'
export {
  listContacts,
  listContactPages,
  allContacts,
  searchContacts,
  searchContactPages,
  contactChanges,
  type AllContactsOptions,
  type SearchContactsOptions,
} from './contacts/contacts.js'
export {
  where,
  and,
  or,
  validateContactQuery,
  MAX_NESTING,
  MAX_GROUP_FILTERS,
  type ContactQuery,
  type ContactFilter,
  type ContactGroup,
  type ContactSort,
  type SearchField,
  type StringField,
  type IntegerField,
  type BooleanField,
  type DateField,
  type ReferenceField,
  type CustomField,
  type StringOperator,
  type IntegerOperator,
  type DateOperator,
  type ListOperator,
  type FilterOperator,
  type FilterOf,
  type ValueOf,
} from './contacts/query.js'
export type { ContactPage } from './paging/cursor.js'
export type { ChangeOptions, ChangeWatermark, ContactChange } from './paging/changes.js'
export {
  validateContactParams,
  MAX_CONTACTS_PER_PAGE,
  type ListContactsParams,
  type ContactsQuery,
} from './contacts/params.js'

// operators
export { capAt, dedupeById, pace, pullConcatMap, type DedupeOptions, type PaceOptions } from './operators/index.js'
export { toAsyncIterable, type AsyncIterableOptions } from './core/toAsyncIterable.js'

// the client
export {
  createClient,
  type IntercomClient,
  type ClientOptions,
  type FetchLike,
  type FetchResponse,
} from './core/client.js'
export type { RateBudget, RateLimitWait, RateLimiterOptions } from './transport/rate-limiter.js'
export type { RetryOptions } from './transport/retry.js'
export type { RateLimit } from './transport/rate-limit.js'

// errors
export { IntercomError, isIntercomError, type IntercomErrorTag, type IntercomErrorDetails } from './core/errors.js'

// params, requests and codecs
export {
  validateParams,
  ListUsersParams,
  type ListAllParams,
  type ListByEmailParams,
  type ListByPhoneParams,
  type Query,
  type Order,
  type Sort,
} from './users/params.js'
export {
  listUsersRequest,
  listContactsRequest,
  searchContactsRequest,
  DEFAULT_BASE_URL,
  USERS_API_VERSION,
  CONTACTS_API_VERSION,
  type HttpRequest,
} from './core/http-request.js'
export {
  User,
  UserList,
  Pages,
  ErrorList,
  ErrorItem,
  ScrollList,
  Contact,
  ContactList,
  ContactRole,
  Cursor,
  CursorPages,
} from './core/codecs/index.js'
export { VERSION } from './core/version.js'
