/**
 * The cursor engine of the Contacts API, an async generator: read a page, decode it, yield it
 * with its progress, and follow `pages.next.starting_after` when asked for the next page. The
 * end is a missing, `null` or empty cursor (not an empty `data`); a cursor given twice is a
 * loop. No cap and no scroll: the cursor reaches every contact.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { ContactList } from '../contacts/contact-list.js'
import { decodeContactList } from '../contacts/contact-list.js'
import type { Contact } from '../contacts/contact.js'
import type { ContactsQuery } from '../contacts/params.js'
import { nextRepeatsCursor, pageOverfull, undecodablePage } from '../core/errors.js'
import type { ContactQuery, ContactSort } from '../contacts/query.js'
import { listContactsRequest, searchContactsRequest, type HttpRequest } from '../core/http-request.js'
import type { IntercomClient } from '../core/client.js'
import type { RateLimit } from '../transport/rate-limit.js'
import { sendRequest } from '../transport/send.js'

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

/** The cursor a page gives, or `null` at the end (a missing, null or empty `starting_after`). */
const cursorOf = (list: ContactList): string | null => {
  const next = list.pages?.next?.starting_after
  return typeof next === 'string' && next.length > 0 ? next : null
}

/** Where a cursor walk starts, and how its requests are built (a listing's, or a search's). */
export interface CursorWalk {
  readonly perPage: number
  readonly startingAfter: string | undefined
  /** The request for the page after `cursor` (the first page without one). */
  readonly request: (cursor: string | undefined) => HttpRequest
}

/** The walk of `GET /contacts` for a validated query. */
export const listingWalk = (client: IntercomClient, query: ContactsQuery): CursorWalk => ({
  ...query,
  request: (startingAfter) =>
    listContactsRequest(
      client.baseUrl,
      { perPage: query.perPage, startingAfter },
      client.userAgent,
      client.contactsApiVersion,
    ),
})

/** The walk of a search: the identical query, sort and per_page with every cursor. */
export const searchWalk = (
  client: IntercomClient,
  search: {
    readonly query: ContactQuery
    readonly sort: ContactSort | undefined
    readonly perPage: number
    readonly startingAfter: string | undefined
  },
): CursorWalk => ({
  perPage: search.perPage,
  startingAfter: search.startingAfter,
  request: (startingAfter) =>
    searchContactsRequest(client.baseUrl, { ...search, startingAfter }, client.userAgent, client.contactsApiVersion),
})

/** Every page of a cursor walk (`GET /contacts` or a search) from its cursor on, each read when asked for. */
export async function* contactPages(
  client: IntercomClient,
  walk: CursorWalk,
  signal: AbortSignal,
): AsyncGenerator<ContactPage> {
  const followed = new Set<string>()
  let cursor = walk.startingAfter
  let counted = 0
  let contactsSoFar = 0
  for (;;) {
    const { perPage } = walk
    const request = walk.request(cursor)
    const response = await sendRequest(client, request, signal)
    const decoded = decodeContactList(response.body)
    if (E.isLeft(decoded)) throw undecodablePage(decoded.left, request.url, response.rateLimit)
    const list = decoded.right.value
    counted += 1
    const page = list.pages?.page ?? counted
    if (list.data.length > perPage) throw pageOverfull(list.data.length, perPage, request.url, 'contacts')
    const next = cursorOf(list)
    if (next !== null && (followed.has(next) || next === cursor)) throw nextRepeatsCursor(next, page, request.url)
    if (next !== null) followed.add(next)
    contactsSoFar += list.data.length
    yield {
      contacts: list.data,
      page,
      perPage,
      totalPages: list.pages?.total_pages,
      totalCount: list.total_count,
      contactsSoFar,
      startingAfter: next,
      rateLimit: response.rateLimit,
      warnings: decoded.right.warnings,
      list,
    }
    if (next === null) return
    cursor = next
  }
}
