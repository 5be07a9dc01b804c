/**
 * `POST /contacts/search` (2.x): the contacts matching a typed query, one cursor walked a page
 * after another, each contact once.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import { orThrow } from '../core/validate.js'
import { cursorPages } from '../paging/cursor.js'
import { IdSet } from '../paging/id-set.js'
import type { Contact } from './contact.js'
import { contactPaging, searchContactsEndpoint } from './endpoints.js'
import { contactPageOf, type ContactPage } from './list-contacts.js'
import { validateContactParams } from './params.js'
import type { ContactQuery, ContactSort } from './query.js'
import { validateContactQuery } from './query-rules.js'

/** How a search is read. */
export interface SearchContactsOptions {
  /** The order of the results (Intercom's default when absent); sent with every page. */
  readonly sort?: ContactSort
  /** Contacts per page, 1 to 150 (default 150, the most the API allows; sent with every page). */
  readonly perPage?: number
  /** Resume after this cursor (a page's `startingAfter`). */
  readonly startingAfter?: string
}

/** The engine of a search: query, sort and params checked before any request; results deduplicated by id. */
const searchPagesOf = (client: IntercomClient, query: ContactQuery, options: SearchContactsOptions) =>
  async function* (signal: AbortSignal): AsyncGenerator<ContactPage> {
    const checked = orThrow(validateContactQuery(query, options.sort))
    const { perPage, startingAfter } = orThrow(
      validateContactParams({ perPage: options.perPage, startingAfter: options.startingAfter }),
    )
    const endpoint = searchContactsEndpoint(client, { ...checked, perPage })
    // A contact whose sort key changes during the walk can come twice: each is emitted once.
    const seen = new IdSet()
    let contactsSoFar = 0
    for await (const read of cursorPages(client, endpoint, startingAfter, signal, contactPaging)) {
      const contacts = read.items.filter((c) => seen.add(c.id))
      yield contactPageOf(read, perPage, contacts, (contactsSoFar += contacts.length))
    }
  }

/**
 * The contacts matching a typed query, over `POST /contacts/search`, each once (deduplicated by
 * id). The query is checked before any request; the identical
 * query, sort and `per_page` are sent with every cursor. Mind the real API's traps: dates match
 * by calendar day in the workspace's time zone, search lags behind writes by minutes, and a walk
 * over a sort key that changes during the walk can skip a contact. A full export belongs on
 * {@link listContacts} or {@link allContacts}.
 *
 * @example
 * ```ts
 * searchContacts(client, and(where('role', '=', 'user'), where('email', '$', '@example.com')))
 * ```
 */
export const searchContacts = (
  client: IntercomClient,
  query: ContactQuery,
  options: SearchContactsOptions = {},
): PullableObservable<Contact> => pullable(searchPagesOf(client, query, options), (page) => page.contacts)

/**
 * The pages of {@link searchContacts}, with progress; each page holds only contacts not emitted before.
 *
 * @example
 * ```ts
 * searchContactPages(client, where('role', '=', 'lead'), { perPage: 150 }).subscribe((p) => console.log(p.totalCount))
 * ```
 */
export const searchContactPages = (
  client: IntercomClient,
  query: ContactQuery,
  options: SearchContactsOptions = {},
): PullableObservable<ContactPage> => pullable(searchPagesOf(client, query, options), (page) => [page])
