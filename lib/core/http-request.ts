/**
 * Pure request builders: from a validated {@link Query} to a plain request value. No I/O, no
 * clock, no randomness; the access token is added by the transport, never here.
 *
 * @module
 */
import type { ContactQuery, ContactSort } from '../contacts/query.js'
import type { Query } from '../users/params.js'
import { VERSION } from './version.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A request as a plain value: what to send, before the transport signs it. */
export interface HttpRequest {
  /** `GET`, or `POST` for a search (which only reads too). */
  readonly method: 'GET' | 'POST'
  /** The absolute URL, parameters encoded (RFC 3986). */
  readonly url: string
  /** `Accept`, `User-Agent` and `Intercom-Version`; the transport adds `Authorization`. */
  readonly headers: Readonly<Record<string, string>>
  /** The JSON body of a `POST`, as a plain value. */
  readonly body?: unknown
}

/** Intercom's API. */
export const DEFAULT_BASE_URL = 'https://api.intercom.io'

/** The `User-Agent` the library sends. */
export const USER_AGENT = `intercom-rx/${VERSION}`

/**
 * The API version List Users and the Scroll API are asked for: they exist only on 1.0 to 1.4,
 * and an app created since 2020 defaults to 2.x, where `GET /users` answers 400
 * `intercom_version_invalid`. So every request of theirs names its version.
 */
export const USERS_API_VERSION = '1.4'

/** The versions on which `/users` and `/users/scroll` exist. */
export const isUsersApiVersion = (version: string): boolean => /^1\.[0-4]$/.test(version)

/**
 * The API version the Contacts API is asked for: the newest whose behaviour this project has
 * written down (and the official Node SDK 7.x's default). On 1.x, `/contacts` is the Leads
 * resource: a listing would silently return leads alone.
 */
export const CONTACTS_API_VERSION = '2.14'

/** The versions on which `/contacts` is the Contacts API (users and leads): 2.x and Preview. */
export const isContactsApiVersion = (version: string): boolean => /^(2\.\d+|Preview)$/.test(version)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The base URL without a trailing slash, so paths join with exactly one. */
export const normalizeBaseUrl = (baseUrl: string): string => baseUrl.replace(/\/+$/, '')

/**
 * The query string's parameters for a query, in a fixed order, with Intercom's names.
 * Values are not encoded here: {@link encodeQuery} does that.
 */
export const queryParams = (query: Query): ReadonlyArray<readonly [string, string]> => {
  const paging = [
    ['page', String(query.page)],
    ['per_page', String(query.perPage)],
  ] as const
  switch (query.kind) {
    case 'email':
      return [['email', query.email], ...paging]
    case 'phone':
      return [['phone', query.phone], ...paging]
    case 'all':
      return [
        ...paging,
        ['order', query.order],
        ['sort', query.sort],
        ...(query.createdSince === undefined ? [] : [['created_since', String(query.createdSince)] as const]),
      ]
  }
}

/**
 * Percent-encodes parameters as RFC 3986 asks: `+` becomes `%2B` and a space `%20`, so an
 * email such as `a+b@x.io` reaches the server as written, not with a space.
 */
export const encodeQuery = (params: ReadonlyArray<readonly [string, string]>): string =>
  params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')

/** The headers of every request, but the token: with the API version when one is given. */
export const baseHeaders = (userAgent: string = USER_AGENT, apiVersion?: string): Readonly<Record<string, string>> => ({
  Accept: 'application/json',
  'User-Agent': userAgent,
  ...(apiVersion === undefined ? {} : { 'Intercom-Version': apiVersion }),
})

/** `GET /users` for a query, asking for API version `apiVersion` (default 1.4). */
export const listUsersRequest = (
  baseUrl: string,
  query: Query,
  userAgent?: string,
  apiVersion: string = USERS_API_VERSION,
): HttpRequest => ({
  method: 'GET',
  url: `${normalizeBaseUrl(baseUrl)}/users?${encodeQuery(queryParams(query))}`,
  headers: baseHeaders(userAgent, apiVersion),
})

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * Whether a URL is on the base URL's origin and under its path: the only place the token may
 * go, and the only place a `pages.next` may point.
 */
export const isUnderBaseUrl = (url: string | URL, baseUrl: string): boolean => {
  let target: URL
  let base: URL
  try {
    target = new URL(url)
    base = new URL(normalizeBaseUrl(baseUrl))
  } catch {
    return false
  }
  const basePath = base.pathname.replace(/\/+$/, '')
  return (
    target.origin === base.origin &&
    target.username === '' &&
    target.password === '' &&
    (target.pathname === basePath || target.pathname.startsWith(`${basePath}/`))
  )
}

/** `GET /users/scroll`, or its continuation with `scroll_param`, asking for API version `apiVersion`. */
export const scrollRequest = (
  baseUrl: string,
  scrollParam?: string,
  userAgent?: string,
  apiVersion: string = USERS_API_VERSION,
): HttpRequest => ({
  method: 'GET',
  url: `${normalizeBaseUrl(baseUrl)}/users/scroll${
    scrollParam === undefined ? '' : `?${encodeQuery([['scroll_param', scrollParam]])}`
  }`,
  headers: baseHeaders(userAgent, apiVersion),
})

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
    ...(search.sort === undefined ? {} : { sort: search.sort }),
  },
})
