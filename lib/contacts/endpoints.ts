/**
 * The Contacts API (2.x) as endpoint values: `GET /contacts` and `POST /contacts/search`, their
 * cursors the position, the end a missing, `null` or empty `starting_after` (not an empty page).
 * Read by the kernel, walked by `paging/cursor.ts`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { IntercomClient } from '../core/client.js'
import type { Endpoint } from '../core/endpoint.js'
import { pageOverfull } from '../core/read-page.js'
import type { Contact } from './contact.js'
import { decodeContactList, type ContactList } from './contact-list.js'
import type { ContactQuery, ContactSort } from './query.js'
import { listContactsRequest, searchContactsRequest } from './requests.js'
import type { HttpRequest } from '../core/http-request.js'

/** The cursor a page gives, or `undefined` at the end (a missing, null or empty `starting_after`). */
export const cursorOf = (list: ContactList): string | undefined => {
  const next = list.pages?.next?.starting_after
  return typeof next === 'string' && next.length > 0 ? next : undefined
}

/** A page's number: the server's, else counted from the walk's start. */
export const pageNumberOf = (list: ContactList, counted: number): number => list.pages?.page ?? counted

/** How a walk over the Contacts API numbers its pages and bounds them by `total_pages`. */
export const contactPaging = {
  pageOf: pageNumberOf,
  totalPagesOf: (list: ContactList): number | undefined => list.pages?.total_pages,
}

/** A cursor endpoint of the Contacts API whose requests `request` builds. */
const contactsEndpoint = (
  name: string,
  perPage: number,
  request: (cursor: string | undefined) => HttpRequest,
): Endpoint<string | undefined, ContactList, Contact> => ({
  name,
  request,
  decode: decodeContactList,
  items: (list) => list.data,
  next: (list, _cursor, url) =>
    list.data.length > perPage
      ? E.left(pageOverfull(list.data.length, perPage, url, 'contacts'))
      : E.right(cursorOf(list)),
})

/** `GET /contacts` at `perPage`. */
export const listContactsEndpoint = (client: IntercomClient, perPage: number) =>
  contactsEndpoint('the Contacts API', perPage, (startingAfter) =>
    listContactsRequest(client.baseUrl, { perPage, startingAfter }, client.userAgent, client.contactsApiVersion),
  )

/** `POST /contacts/search`: the identical query, sort and per_page with every cursor. */
export const searchContactsEndpoint = (
  client: IntercomClient,
  search: { readonly query: ContactQuery; readonly sort: ContactSort | undefined; readonly perPage: number },
) =>
  contactsEndpoint('a contacts search', search.perPage, (startingAfter) =>
    searchContactsRequest(client.baseUrl, { ...search, startingAfter }, client.userAgent, client.contactsApiVersion),
  )
