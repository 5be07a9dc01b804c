/**
 * Pure request builders: from a validated {@link Query} to a plain request value. No I/O, no
 * clock, no randomness; the access token is added by the transport, never here.
 *
 * @module
 */
import type { Query } from './params.js'
import { VERSION } from './version.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A request as a plain value: what to send, before the transport signs it. */
export interface HttpRequest {
  /** Always `GET`: List Users and the Scroll API only read. */
  readonly method: 'GET'
  /** The absolute URL, parameters encoded (RFC 3986). */
  readonly url: string
  /** `Accept` and `User-Agent`; the transport adds `Authorization`. */
  readonly headers: Readonly<Record<string, string>>
}

/** Intercom's API. */
export const DEFAULT_BASE_URL = 'https://api.intercom.io'

/** The `User-Agent` the library sends. */
export const USER_AGENT = `intercom-rx/${VERSION}`

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

/** The headers of every request, but the token. */
export const baseHeaders = (userAgent: string = USER_AGENT): Readonly<Record<string, string>> => ({
  Accept: 'application/json',
  'User-Agent': userAgent,
})

/** `GET /users` for a query. */
export const listUsersRequest = (baseUrl: string, query: Query, userAgent?: string): HttpRequest => ({
  method: 'GET',
  url: `${normalizeBaseUrl(baseUrl)}/users?${encodeQuery(queryParams(query))}`,
  headers: baseHeaders(userAgent),
})

/**
 * The request for a `pages.next` URL. Intercom does not say whether `next` carries the sort
 * and filter parameters, so any of the query's own that `next` lacks are added: the listing
 * keeps its filter whichever way the server writes `next`. Parameters `next` does carry win.
 */
export const followNextRequest = (nextUrl: URL, query: Query, userAgent?: string): HttpRequest => {
  const url = new URL(nextUrl.href)
  const present = new Set(url.searchParams.keys())
  const missing = queryParams(query).filter(([k]) => !present.has(k))
  const extra = encodeQuery(missing)
  const search = [url.search.replace(/^\?/, ''), extra].filter((s) => s.length > 0).join('&')
  return {
    method: 'GET',
    url: `${url.origin}${url.pathname}${search.length > 0 ? `?${search}` : ''}`,
    headers: baseHeaders(userAgent),
  }
}

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

/** `GET /users/scroll`, or its continuation with `scroll_param`. */
export const scrollRequest = (baseUrl: string, scrollParam?: string, userAgent?: string): HttpRequest => ({
  method: 'GET',
  url: `${normalizeBaseUrl(baseUrl)}/users/scroll${
    scrollParam === undefined ? '' : `?${encodeQuery([['scroll_param', scrollParam]])}`
  }`,
  headers: baseHeaders(userAgent),
})

/** `GET /users?per_page=1`: the cheapest way to read the workspace's `total_count`. */
export const countUsersRequest = (baseUrl: string, userAgent?: string): HttpRequest => ({
  method: 'GET',
  url: `${normalizeBaseUrl(baseUrl)}/users?per_page=1`,
  headers: baseHeaders(userAgent),
})
