/**
 * What a change stream cannot see by itself: contacts deleted, and leads merged into users (the
 * lead is deleted, the user updated). A search on `updated_at` finds no trace of a deleted
 * contact, so every `everyMs` a reconciliation walks every contact id (`GET /contacts`, 150 a
 * page), and each id the reader holds (`known`: the ids it started with and every one the stream
 * has emitted since) that the walk did not meet is looked up once (`GET /contacts/{id}`): a 404,
 * or from 2.16 on a 410 Gone (merged), makes it a deletion, emitted once. An id the walk missed
 * because it was created during it still answers 200, so nothing is reported that exists.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { IntercomClient } from '../core/client.js'
import { decodeWith } from '../core/codecs/decode.js'
import type { Endpoint } from '../core/endpoint.js'
import { isIntercomError } from '../core/errors.js'
import { checkFields, mustBe, type Checked, type Rules } from '../core/validate.js'
import { readPage } from '../core/read-page.js'
import type { ChangeWatermark } from '../paging/changes.js'
import { cursorPages } from '../paging/cursor.js'
import { Contact, StrictContact } from './contact.js'
import { contactPaging, listContactsEndpoint } from './endpoints.js'
import { viewContactRequest } from './requests.js'

/** How a change stream reconciles: how often, and the ids the reader holds when it starts. */
export interface ReconcileOptions {
  /** Between two reconciliations, in ms (each walks every contact id: ⌈contacts / 150⌉ requests). */
  readonly everyMs: number
  /**
   * The ids the reader holds at the start (from an export); the stream adds each one it emits.
   * `'all'`: every contact that exists when the stream starts (a baseline walk right after its
   * first poll), for a reader that exported everything before following.
   */
  readonly known?: Iterable<string> | 'all'
}

/** A contact gone since the reader got it: deleted, or a lead merged into a user. */
export interface ContactDeletion {
  readonly kind: 'deletion'
  /** The id of the contact that is gone. */
  readonly id: string
  /** The watermark where the stream stands (unchanged by a deletion). */
  readonly watermark: ChangeWatermark
}

const RECONCILE_RULES: Rules<keyof ReconcileOptions> = {
  everyMs: { allowed: 'a number of milliseconds > 0', test: (u) => typeof u === 'number' && u > 0 },
  known: {
    allowed: "an iterable of contact ids (strings), or 'all'",
    test: (u) => u === 'all' || (typeof u === 'object' && u !== null && Symbol.iterator in u),
  },
}

/** What is wrong with reconciliation options, as a value. */
export const checkReconcileOptions = (o: ReconcileOptions): Checked<ReconcileOptions> =>
  (o as Partial<ReconcileOptions> | undefined)?.everyMs === undefined
    ? E.left(mustBe('reconcile.everyMs', RECONCILE_RULES.everyMs.allowed, undefined))
    : E.map(() => o)(checkFields(o, RECONCILE_RULES))

/** `GET /contacts/{id}`: one contact. */
const viewContactEndpoint = (client: IntercomClient): Endpoint<string, Contact, Contact> => ({
  name: 'View a contact',
  request: (id) => viewContactRequest(client.baseUrl, id, client.userAgent, client.contactsApiVersion),
  decode: decodeWith(StrictContact, Contact, 'A contact'),
  items: (contact) => [contact],
  next: () => E.right(undefined),
})

/** Whether the contact `id` is gone: 404, or 410 (merged, 2.16 on). */
const isGone = async (client: IntercomClient, id: string, signal: AbortSignal): Promise<boolean> => {
  try {
    await readPage(client, viewContactEndpoint(client), id, signal)
    return false
  } catch (e) {
    if (isIntercomError(e) && (e.status === 404 || e.status === 410)) return true
    throw e
  }
}

/** The ids of every contact now. */
const presentIds = async (client: IntercomClient, signal: AbortSignal): Promise<Set<string>> => {
  const ids = new Set<string>()
  for await (const read of cursorPages(client, listContactsEndpoint(client, 150), undefined, signal, contactPaging))
    for (const contact of read.items) ids.add(contact.id)
  return ids
}

/**
 * The reconciliation of a change stream over `known` (which the stream keeps up to date): when
 * `everyMs` has passed since the last, the deletions it finds, each once; else nothing.
 */
export const reconciler = (
  client: IntercomClient,
  known: Set<string>,
  options: ReconcileOptions,
  clock: () => number = Date.now,
) => {
  let last = clock()
  let baseline = options.known === 'all'
  return async function* (mark: ChangeWatermark, signal: AbortSignal): AsyncGenerator<ContactDeletion> {
    if (baseline) {
      for (const id of await presentIds(client, signal)) known.add(id)
      baseline = false
      last = clock()
      return
    }
    if (clock() - last < options.everyMs) return
    // The ids held before the walk: one emitted during it may be missed by it, and is looked up.
    const held = [...known]
    const present = await presentIds(client, signal)
    for (const id of held) {
      if (present.has(id) || !known.has(id) || !(await isGone(client, id, signal))) continue
      known.delete(id)
      yield { kind: 'deletion', id, watermark: mark }
    }
    last = clock()
  }
}
