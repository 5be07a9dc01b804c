/**
 * `GET /contacts` (2.x): `listContacts` and `listContactPages`, one cursor walked a page after
 * another; and the page type every contacts stream shares.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import { orThrow } from '../core/validate.js'
import { cursorPages, type CursorRead } from '../paging/cursor.js'
import type { RateLimit } from '../transport/rate-limit.js'
import type { Contact } from './contact.js'
import type { ContactList } from './contact-list.js'
import { contactPaging, listContactsEndpoint, pageNumberOf } from './endpoints.js'
import { validateContactParams, type ListContactsParams } from './params.js'

/** A decoded page of contacts with where the listing stands. */
export interface ContactPage {
  /** The contacts of this page, in the server's order. */
  readonly contacts: ReadonlyArray<Contact>
  /** This page's number, from 1 (the server's, else counted from the listing's start). */
  readonly page: number
  /** Contacts per page asked for (`per_page`). */
  readonly perPage: number
  /** Pages in the listing, as the server counts them (absent if it did not say). */
  readonly totalPages: number | undefined
  /** Contacts in the listing, as the server counts them (absent if it did not say). */
  readonly totalCount: number | undefined
  /** Contacts emitted so far, this page's included. */
  readonly contactsSoFar: number
  /** The cursor after this page, or `null` on the last page: `{ startingAfter }` resumes there. */
  readonly startingAfter: string | null
  /** The rate-limit state this page's answer carried. */
  readonly rateLimit: RateLimit | undefined
  /** Descriptive fields with an undocumented type, decoded to `null` (one line each). */
  readonly warnings: ReadonlyArray<string>
  /** The page as decoded, with every field the server sent. */
  readonly list: ContactList
}

/** A cursor walk's read page as a `ContactPage` of `contacts` (`contactsSoFar` counted by the caller). */
export const contactPageOf = (
  read: CursorRead<ContactList, Contact>,
  perPage: number,
  contacts: ReadonlyArray<Contact>,
  contactsSoFar: number,
): ContactPage => ({
  contacts,
  page: pageNumberOf(read.page, read.counted),
  perPage,
  totalPages: read.page.pages?.total_pages,
  totalCount: read.page.total_count,
  contactsSoFar,
  startingAfter: read.next ?? null,
  rateLimit: read.rateLimit,
  warnings: read.warnings,
  list: read.page,
})

/** The engine of the listings: params checked when it starts, before any request. */
export const listPagesOf = (client: IntercomClient, params: ListContactsParams | undefined) =>
  async function* (signal: AbortSignal): AsyncGenerator<ContactPage> {
    const { perPage, startingAfter } = orThrow(validateContactParams(params))
    const endpoint = listContactsEndpoint(client, perPage)
    let soFar = 0
    for await (const read of cursorPages(client, endpoint, startingAfter, signal, contactPaging))
      yield contactPageOf(read, perPage, read.items, (soFar += read.items.length))
  }

/**
 * The pages of `GET /contacts`, each decoded with its progress (page, totalPages, totalCount,
 * contactsSoFar, the cursor after it). Cold and lazy as every stream of the library: a page is
 * requested only when the previous one was emitted and is still wanted, `take(n)` sends
 * ⌈n / perPage⌉ requests, and unsubscribing aborts the request in flight. Every request says
 * `Intercom-Version` (the client's `contactsApiVersion`, 2.14 by default).
 *
 * @example
 * ```ts
 * listContactPages(client, { perPage: 150 }).subscribe((p) => console.log(`${p.contactsSoFar}/${p.totalCount}`))
 * ```
 */
export const listContactPages = (
  client: IntercomClient,
  params?: ListContactsParams,
): PullableObservable<ContactPage> => pullable(listPagesOf(client, params), (page) => [page])

/**
 * Every contact of `GET /contacts` (users and leads), in the server's order, one emission a
 * contact. No cap and no scroll: the cursor reaches every contact.
 *
 * @example
 * ```ts
 * listContacts(client, { perPage: 150 }).pipe(filter((c) => c.role === 'user'), take(100))
 * ```
 */
export const listContacts = (client: IntercomClient, params?: ListContactsParams): PullableObservable<Contact> =>
  pullable(listPagesOf(client, params), (page) => page.contacts)
