/**
 * `intercom-rx/pages`: the page level, for tools that show progress, resume where they stopped
 * and check their input before they start (the command line is one). Each stream emits decoded
 * pages with where the reading stands; each validator returns an `Either` with the
 * `InvalidParams` error the streams would fail with, before any request.
 *
 * @module
 */
export { listUserPages, type UserPage } from './users/list-users.js'
export { scrollUserPages, type ScrollPage } from './users/scroll-users.js'
export { allUserPages, type AllUsersPage, type AllUsersPath } from './users/all-users.js'
export type { ScrollLockWait } from './paging/scroll.js'
export { listContactPages, type ContactPage } from './contacts/list-contacts.js'
export { searchContactPages } from './contacts/search-contacts.js'
export { validateParams, MAX_PER_PAGE } from './users/params.js'
export { validateContactParams, MAX_CONTACTS_PER_PAGE } from './contacts/params.js'
export { validateContactQuery } from './contacts/query-rules.js'
export { DEFAULT_PAGE_CAP } from './core/client-options.js'
export { IdSet } from './paging/id-set.js'

// The types the streams and validators name, for a tool that builds or checks their input.
export type { Query, ListAllParams, ListByEmailParams, ListByPhoneParams, Order, Sort } from './users/params.js'
export type { ContactsQuery } from './contacts/params.js'
export type {
  StringField,
  IntegerField,
  BooleanField,
  DateField,
  ReferenceField,
  CustomField,
  StringOperator,
  IntegerOperator,
  DateOperator,
  ListOperator,
  FilterOperator,
  FilterOf,
  ValueOf,
} from './contacts/query.js'
export type { Checked } from './core/validate.js'
export type { FetchResponse } from './core/client.js'
export type { ReconciledChangeOptions } from './contacts/contact-changes.js'
export type { ReconcileOptions } from './contacts/reconcile.js'
export { exportContactPages, EXPORT_CEILING } from './contacts/export-contacts.js'
export { validateExportPosition } from './contacts/export-plan.js'
export type { ExportContactsOptions, ExportPage, ExportPosition } from './contacts/export-plan.js'
export { MAX_UNIX_SECONDS } from './core/validate.js'
