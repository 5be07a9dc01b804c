/**
 * List Users and the Scroll API as endpoint values: their requests, decoders, items and the
 * position after a page (for List Users: the page asked for, `pages.next` guarded, and the cap
 * planned). Read by the kernel, walked by `paging/numbered.ts` and `paging/scroll.ts`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { IntercomClient } from '../core/client.js'
import type { Endpoint } from '../core/endpoint.js'
import { notPageAskedFor, pageOverfull } from '../core/read-page.js'
import type { NumberedPosition, NumberedWalk } from '../paging/numbered.js'
import { planPage, withinCap } from './cap.js'
import { nextPage } from './next-page.js'
import type { Query } from './params.js'
import { listUsersRequest, scrollRequest } from './requests.js'
import { decodeScrollList, type ScrollList } from './scroll-list.js'
import { decodeUserList, type UserList } from './user-list.js'
import type { User } from './user.js'

/** Whether a page says there is more (`pages.next` neither null, absent nor empty). */
export const hasNextLink = (list: UserList): boolean =>
  list.pages.next !== null && list.pages.next !== undefined && list.pages.next !== ''

/** `GET /users` for a validated query: numbered pages, the next one checked and planned within the cap. */
export const listUsersEndpoint = (
  client: IntercomClient,
  query: Query,
): Endpoint<NumberedPosition, UserList, User> => ({
  name: 'List Users',
  request: (position) =>
    listUsersRequest(
      client.baseUrl,
      { ...query, page: position.page, perPage: position.perPage },
      client.userAgent,
      client.apiVersion,
    ),
  decode: decodeUserList,
  items: (list, position) => (position.skip === 0 ? list.users : list.users.slice(position.skip)),
  next: (list, position, url) => {
    const { page, perPage } = position
    if (list.users.length > list.pages.per_page)
      return E.left(pageOverfull(list.users.length, list.pages.per_page, url))
    if (list.pages.page !== page || list.pages.per_page !== perPage)
      return E.left(notPageAskedFor({ page, perPage }, { page: list.pages.page, perPage: list.pages.per_page }, url))
    const followed = nextPage(client, query, { page, perPage, url }, list.pages.next)
    if (E.isLeft(followed) || followed.right === undefined) return E.map(() => undefined)(followed)
    const cap = client.pageCap
    if (withinCap(cap, followed.right.page, perPage)) return E.right({ page: followed.right.page, perPage, skip: 0 })
    // The following page would pass the cap: the one request that still serves the users under it.
    return E.right(planPage(cap, (page - 1) * perPage + list.users.length, query.perPage))
  },
})

/** List Users as a numbered walk: its totals, and the cap as the last page asked for in parallel. */
export const listUsersWalk = (client: IntercomClient, query: Query): NumberedWalk<UserList, User> => ({
  endpoint: listUsersEndpoint(client, query),
  totalPages: (list) => list.pages.total_pages,
  totalCount: (list) => list.total_count,
  lastPage: (perPage) => Math.floor(client.pageCap / perPage),
})

/** `GET /users/scroll`, then `?scroll_param=`: the position is the scroll's parameter, none at the start. */
export const scrollEndpoint = (client: IntercomClient): Endpoint<string | undefined, ScrollList, User> => ({
  name: 'the Scroll API',
  request: (param) => scrollRequest(client.baseUrl, param, client.userAgent, client.apiVersion),
  decode: decodeScrollList,
  items: (list) => list.users,
  // An empty page is the end; every other page carries the parameter of the next.
  next: (list) => E.right(list.users.length === 0 ? undefined : list.scroll_param),
})
