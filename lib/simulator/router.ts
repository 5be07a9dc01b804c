/**
 * The simulator's router: which route answers a request, by method, path and API version. Each
 * route is a module of its own (list-users, scroll, list-contacts, view-contact, search-contacts, versions).
 *
 * @module
 */
import { errorList, listUsersAnswer, PAGE_CAP, type Answer } from './list-users.js'
import { listContactsAnswer } from './list-contacts.js'
import type { SimulatorOptions } from './options.js'
import type { Scrolls } from './scroll.js'
import { searchContactsAnswer } from './search-contacts.js'
import { viewContactAnswer } from './view-contact.js'
import type { Store } from './store.js'
import { isUsersApiVersionSim, leadsAnswer, versionAnswer } from './versions.js'

/** The route of each request, answered from `store`. */
export const createRouter = (
  store: Store,
  scrolls: Scrolls,
  options: SimulatorOptions,
  defaultApiVersion: string,
  now: number,
) => {
  const nextStyle = options.nextStyle ?? 'full'
  const { contacts } = store
  let listRequests = 0
  const churn = (): void => {
    if (options.churn === undefined) return
    listRequests += 1
    if (listRequests % options.churn.everyRequests !== 0) return
    store.createUsers(options.churn.users)
  }
  return (
    method: string | undefined,
    url: URL,
    origin: string,
    requestId: string,
    apiVersion: string | undefined,
    body: unknown,
  ): Answer | 'drop' => {
    const effective = apiVersion ?? defaultApiVersion
    const version = versionAnswer(effective, url.pathname, requestId)
    if (version !== undefined) return version
    if (method === 'POST' && url.pathname === '/contacts/search' && !isUsersApiVersionSim(effective)) {
      return searchContactsAnswer(store.contactsWalk(), body, requestId, {
        timeZone: options.timeZone ?? 'UTC',
        now: Math.floor(Date.now() / 1000),
        indexed: store.indexed,
      })
    }
    const viewed = /^\/contacts\/([^/]+)$/.exec(url.pathname)?.[1]
    if (method === 'GET' && viewed !== undefined && viewed !== 'search' && !isUsersApiVersionSim(effective))
      return viewContactAnswer(contacts, store.merged, decodeURIComponent(viewed), effective, origin, requestId)
    if (method === 'GET' && url.pathname === '/contacts') {
      // On 1.x, /contacts is the Leads resource.
      if (isUsersApiVersionSim(effective)) return leadsAnswer(contacts, url, origin)
      return listContactsAnswer(store.contactsWalk(), url.searchParams, requestId)
    }
    if (method === 'GET' && url.pathname === '/users/scroll') {
      const outcome = scrolls.handle(url.searchParams, requestId)
      return outcome.kind === 'drop' ? 'drop' : outcome.answer
    }
    if (method === 'GET' && url.pathname === '/users') {
      churn()
      const listed = listUsersAnswer(store.sortedBy, url.searchParams, {
        pageCap: options.pageCap ?? PAGE_CAP,
        origin,
        path: url.pathname,
        now,
        requestId,
        nextStyle,
      })
      return listed.status === 200 && options.rewriteList !== undefined
        ? { status: 200, body: options.rewriteList(listed.body as Record<string, unknown>, url) }
        : listed
    }
    return { status: 404, body: errorList('not_found', 'Resource Not Found', requestId) }
  }
}
