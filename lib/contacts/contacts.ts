/**
 * The public façade of the Contacts API (2.x): the people of today's workspaces, users and
 * leads, over `GET /contacts` with its cursor.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Contact, ContactRole } from './contact.js'
import { MAX_CONTACTS_PER_PAGE, validateContactParams, type ListContactsParams } from './params.js'
import { validateContactQuery, type ContactQuery, type ContactSort } from './query.js'
import { intercomError } from '../core/errors.js'
import {
  changeOptionsFault,
  contactPoll,
  versionsAfter,
  type ChangeOptions,
  type ContactChange,
} from '../paging/changes.js'
import { contactPages, listingWalk, searchWalk, type ContactPage } from '../paging/cursor.js'
import { IdSet } from '../paging/id-set.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import type { IntercomClient } from '../core/client.js'

/** The engine of the listings: params checked when it starts, before any request. */
const pagesOf = (client: IntercomClient, params: ListContactsParams | undefined) =>
  async function* (signal: AbortSignal): AsyncGenerator<ContactPage> {
    const query = validateContactParams(params)
    if (E.isLeft(query)) throw query.left
    yield* contactPages(client, listingWalk(client, query.right), signal)
  }

/**
 * The pages of `GET /contacts`, each decoded with its progress (page, totalPages, totalCount,
 * contactsSoFar, the cursor after it). Cold and lazy as every stream of the library: a page is
 * requested only when the previous one was emitted and is still wanted, `take(n)` sends
 * ⌈n / perPage⌉ requests, and unsubscribing aborts the request in flight. Every request says
 * `Intercom-Version` (the client's `contactsApiVersion`, 2.14 by default).
 *
 * @example
 * listContactPages(client, { perPage: 150 }).subscribe((p) => console.log(`${p.contactsSoFar}/${p.totalCount}`))
 */
export const listContactPages = (
  client: IntercomClient,
  params?: ListContactsParams,
): PullableObservable<ContactPage> => pullable(pagesOf(client, params), (page) => [page])

/**
 * Every contact of `GET /contacts` (users and leads), in the server's order, one emission a
 * contact. No cap and no scroll: the cursor reaches every contact.
 *
 * @example
 * listContacts(client, { perPage: 150 }).pipe(filter((c) => c.role === 'user'), take(100))
 */
export const listContacts = (client: IntercomClient, params?: ListContactsParams): PullableObservable<Contact> =>
  pullable(pagesOf(client, params), (page) => page.contacts)

/** `allContacts`'s options. */
export interface AllContactsOptions {
  /** Only contacts of this role (default both, users and leads). */
  readonly role?: ContactRole
}

/**
 * Every contact of the workspace exactly once (`role` user, lead or both), on `GET /contacts` at
 * 150 a page: the listing a full export belongs on (search lags behind writes, and a walk over a
 * sort key that changes can skip or repeat). Deduplicated by id, in a compact set.
 *
 * @example
 * allContacts(client, { role: 'user' }).pipe(bufferCount(500), concatMap(saveBatch))
 */
export const allContacts = (client: IntercomClient, options: AllContactsOptions = {}): PullableObservable<Contact> =>
  pullable(
    async function* (signal: AbortSignal) {
      const role: unknown = options.role
      if (role !== undefined && role !== 'user' && role !== 'lead')
        throw intercomError(
          'InvalidParams',
          `role must be 'user' or 'lead', got ${JSON.stringify(role)}. No request was sent.`,
          {
            param: 'role',
          },
        )
      const seen = new IdSet()
      for await (const page of pagesOf(client, { perPage: MAX_CONTACTS_PER_PAGE })(signal))
        yield page.contacts.filter((c) => (role === undefined || c.role === role) && seen.add(c.id))
    },
    (contacts) => contacts,
  )

/** How a search is read. */
export interface SearchContactsOptions {
  /** The order of the results (Intercom's default when absent); sent with every page. */
  readonly sort?: ContactSort
  /** Contacts per page, 1 to 150 (default 50, sent with every page). */
  readonly perPage?: number
  /** Resume after this cursor (a page's `startingAfter`). */
  readonly startingAfter?: string
}

/** The engine of a search: query, sort and params checked before any request; results deduplicated by id. */
const searchPagesOf = (client: IntercomClient, query: ContactQuery, options: SearchContactsOptions) =>
  async function* (signal: AbortSignal): AsyncGenerator<ContactPage> {
    const checked = validateContactQuery(query, options.sort)
    if (E.isLeft(checked)) throw checked.left
    const params = validateContactParams({ perPage: options.perPage, startingAfter: options.startingAfter })
    if (E.isLeft(params)) throw params.left
    const { perPage, startingAfter } = params.right
    const walk = searchWalk(client, { ...checked.right, perPage, startingAfter })
    // A contact whose sort key changes during the walk can come twice: each is emitted once.
    const seen = new IdSet()
    let contactsSoFar = 0
    for await (const page of contactPages(client, walk, signal)) {
      const contacts = page.contacts.filter((c) => seen.add(c.id))
      yield { ...page, contacts, contactsSoFar: (contactsSoFar += contacts.length) }
    }
  }

/**
 * The contacts matching a typed query, over `POST /contacts/search`, each once (deduplicated by
 * id). The query is checked before any request ({@link validateContactQuery}); the identical
 * query, sort and `per_page` are sent with every cursor. Mind the real API's traps: dates match
 * by calendar day in the workspace's time zone, search lags behind writes by minutes, and a walk
 * over a sort key that changes during the walk can skip a contact. A full export belongs on
 * {@link listContacts} or {@link allContacts}.
 *
 * @example
 * searchContacts(client, and(where('role', '=', 'user'), where('email', '$', '@example.com')))
 */
export const searchContacts = (
  client: IntercomClient,
  query: ContactQuery,
  options: SearchContactsOptions = {},
): PullableObservable<Contact> => pullable(searchPagesOf(client, query, options), (page) => page.contacts)

/** The pages of {@link searchContacts}, with progress; each page holds only contacts not emitted before. */
export const searchContactPages = (
  client: IntercomClient,
  query: ContactQuery,
  options: SearchContactsOptions = {},
): PullableObservable<ContactPage> => pullable(searchPagesOf(client, query, options), (page) => [page])

/**
 * Every change to the workspace's contacts after a watermark, as it happens: an endless stream of
 * each version of a contact (created or updated) once, in `updated_at` order, polling
 * `POST /contacts/search` every `every` ms. Each change carries the watermark after it: save it,
 * and `contactChanges(client, { since: watermark })` resumes with nothing lost and nothing
 * repeated. A version is emitted once it is `lagSeconds` old (search lags behind writes), and the
 * day-granular date matching of the search is made exact on the client. See docs/keeping-in-sync.md.
 *
 * @example
 * contactChanges(client, { since: saved ?? Math.floor(Date.now() / 1000) - 86_400 })
 *   .pipe(concatMap(async ({ contact, watermark }) => { await upsert(contact); await save(watermark) }))
 */
export const contactChanges = (client: IntercomClient, options: ChangeOptions): PullableObservable<ContactChange> =>
  pullable(
    async function* (signal: AbortSignal) {
      const fault = changeOptionsFault(options)
      if (fault !== undefined) throw fault
      for await (const change of versionsAfter(contactPoll(client, options.perPage ?? 150), options, signal))
        yield { contact: change.record, watermark: change.watermark }
    },
    (change) => [change],
  )
