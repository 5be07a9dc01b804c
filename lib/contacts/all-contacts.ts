/**
 * Every contact of the workspace exactly once, on `GET /contacts` at its largest page.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import { checkFields, oneOf, orThrow } from '../core/validate.js'
import { IdSet } from '../paging/id-set.js'
import type { Contact, ContactRole } from './contact.js'
import { listPagesOf } from './list-contacts.js'
import { MAX_CONTACTS_PER_PAGE } from './params.js'

/** `allContacts`'s options. */
export interface AllContactsOptions {
  /** Only contacts of this role (default both, users and leads). */
  readonly role?: ContactRole
}

const RULES = { role: oneOf(['user', 'lead'], "'user' or 'lead'") }

/**
 * Every contact of the workspace exactly once (`role` user, lead or both), on `GET /contacts` at
 * 150 a page: the listing a full export belongs on (search lags behind writes, and a walk over a
 * sort key that changes can skip or repeat). Deduplicated by id, in a compact set.
 *
 * @example
 * ```ts
 * allContacts(client, { role: 'user' }).pipe(bufferCount(500), concatMap(saveBatch))
 * ```
 */
export const allContacts = (client: IntercomClient, options: AllContactsOptions = {}): PullableObservable<Contact> =>
  pullable(
    async function* (signal: AbortSignal) {
      const { role } = orThrow(checkFields(options, RULES))
      const seen = new IdSet()
      for await (const page of listPagesOf(client, { perPage: MAX_CONTACTS_PER_PAGE })(signal))
        yield page.contacts.filter((c) => (role === undefined || c.role === role) && seen.add(c.id))
    },
    (contacts) => contacts,
  )
