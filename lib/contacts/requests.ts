/**
 * Pure request builders of the Contacts API (2.x): the listing's cursor in the query string, the
 * search's in the JSON body. No I/O; the token is added by the transport.
 *
 * @module
 */
import { CONTACTS_API_VERSION } from '../core/api-versions.js'
import { baseHeaders, encodeQuery, normalizeBaseUrl, type HttpRequest } from '../core/http-request.js'
import type { ContactQuery, ContactSort } from './query.js'

/** `GET /contacts`: a page of `perPage` contacts after the cursor (the first page without one), on a 2.x version. */
export const listContactsRequest = (
  baseUrl: string,
  page: { readonly perPage: number; readonly startingAfter: string | undefined },
  userAgent?: string,
  apiVersion: string = CONTACTS_API_VERSION,
): HttpRequest => ({
  method: 'GET',
  url: `${normalizeBaseUrl(baseUrl)}/contacts?${encodeQuery([
    ['per_page', String(page.perPage)],
    ...(page.startingAfter === undefined ? [] : [['starting_after', page.startingAfter] as const]),
  ])}`,
  headers: baseHeaders(userAgent, apiVersion),
})

/**
 * `POST /contacts/search`: the query, the sort and `per_page` (identical on every page: a page
 * without the sort fails on Intercom) with the cursor in the body (in the query string it is
 * ignored), on a 2.x version.
 */
export const searchContactsRequest = (
  baseUrl: string,
  search: {
    readonly query: ContactQuery
    readonly sort: ContactSort | undefined
    readonly perPage: number
    readonly startingAfter: string | undefined
  },
  userAgent?: string,
  apiVersion: string = CONTACTS_API_VERSION,
): HttpRequest => ({
  method: 'POST',
  url: `${normalizeBaseUrl(baseUrl)}/contacts/search`,
  headers: baseHeaders(userAgent, apiVersion),
  body: {
    query: search.query,
    pagination: {
      per_page: search.perPage,
      ...(search.startingAfter === undefined ? {} : { starting_after: search.startingAfter }),
    },
    // The search's own words for the order.
    ...(search.sort === undefined
      ? {}
      : { sort: { field: search.sort.field, order: search.sort.order === 'asc' ? 'ascending' : 'descending' } }),
  },
})

/** `GET /contacts/{id}`: one contact, on a 2.x version. */
export const viewContactRequest = (
  baseUrl: string,
  id: string,
  userAgent?: string,
  apiVersion: string = CONTACTS_API_VERSION,
): HttpRequest => ({
  method: 'GET',
  url: `${normalizeBaseUrl(baseUrl)}/contacts/${encodeURIComponent(id)}`,
  headers: baseHeaders(userAgent, apiVersion),
})
