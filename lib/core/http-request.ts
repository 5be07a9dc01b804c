/**
 * What every request is: a plain value built by pure builders (users/requests.ts,
 * contacts/requests.ts), and what they share. No I/O, no
 * clock, no randomness; the access token is added by the transport, never here.
 *
 * @module
 */
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

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The base URL without a trailing slash, so paths join with exactly one. */
export const normalizeBaseUrl = (baseUrl: string): string => baseUrl.replace(/\/+$/, '')

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
