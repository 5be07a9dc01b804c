/**
 * intercom-rx: the people of an Intercom workspace as RxJS Observables: the users of List Users
 * (API 1.x) and the contacts of the Contacts API (2.x), listed, searched and followed as they change.
 *
 * What a user composes with, once each: the client, the streams, the search language, the
 * operators, the errors and the codecs to decode webhooks and fixtures with. Every stream is a
 * cold Observable that is also async-iterable. Three more entry points: `intercom-rx/pages` (the
 * page-level streams with progress, and what a tool checks before it starts), `intercom-rx/node`
 * (Node's own HTTP client) and `intercom-rx/simulator` (Intercom on loopback, for tests).
 *
 * @module
 */

// the client
export { createClient, type IntercomClient, type ClientOptions, type FetchLike } from './core/client.js'
export type { RetryNotice, RetryOptions } from './transport/retry.js'
export type { RateLimiterOptions, RateLimitWait } from './transport/rate-limiter.js'
export type { RateLimit } from './transport/rate-limit.js'

// users (API 1.x)
export { listUsers, type ListOptions } from './users/list-users.js'
export { scrollUsers } from './users/scroll-users.js'
export { allUsers, type AllUsersOptions } from './users/all-users.js'
export { userChanges, type UserChange } from './users/user-changes.js'
export type { ListUsersParams } from './users/params.js'
export type { ScrollOptions } from './paging/scroll.js'
export type { ChangeOptions, ChangeWatermark } from './paging/changes.js'
export type { Concurrency } from './paging/concurrency.js'

// contacts (API 2.x)
export { listContacts } from './contacts/list-contacts.js'
export { searchContacts, type SearchContactsOptions } from './contacts/search-contacts.js'
export { allContacts, type AllContactsOptions } from './contacts/all-contacts.js'
export { contactChanges, type ContactChange, type ContactSyncEvent } from './contacts/contact-changes.js'
export type { ContactDeletion } from './contacts/reconcile.js'
export { exportContacts } from './contacts/export-contacts.js'
export type { ListContactsParams } from './contacts/params.js'
export { where, and, or } from './contacts/query.js'
export type { ContactQuery, ContactFilter, ContactGroup, ContactSort, SearchField } from './contacts/query.js'

// streams: pulled, and operators
export type { PullableObservable } from './core/observe.js'
export { toAsyncIterable, type AsyncIterableOptions } from './core/toAsyncIterable.js'
export { capAt } from './operators/capAt.js'
export { dedupeById, type DedupeOptions } from './operators/dedupeById.js'
export { pace, type PaceOptions } from './operators/pace.js'
export { pullConcatMap } from './operators/pullConcatMap.js'

// errors
export { IntercomError, isIntercomError, type IntercomErrorTag, type IntercomErrorDetails } from './core/errors.js'

// codecs
export { User } from './users/user.js'
export { UserList } from './users/user-list.js'
export { Contact, type ContactRole } from './contacts/contact.js'
export { ContactList } from './contacts/contact-list.js'
export type { WithUnknownFields } from './core/codecs/lenient.js'
export { VERSION } from './core/version.js'
