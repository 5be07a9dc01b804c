/**
 * Pure request builders of List Users and the Scroll API: from a validated {@link Query} to a
 * plain request value. No I/O, no clock, no randomness; the token is added by the transport.
 *
 * @module
 */
import { USERS_API_VERSION } from '../core/api-versions.js'
import { baseHeaders, encodeQuery, normalizeBaseUrl, type HttpRequest } from '../core/http-request.js'
import type { Query } from './params.js'

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
