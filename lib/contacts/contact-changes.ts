/**
 * Every change to the workspace's contacts after a watermark (2.x): a search on `updated_at`,
 * polled by the change strategy of `paging/changes.ts`.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import { pullable, type PullableObservable } from '../core/observe.js'
import { orThrow } from '../core/validate.js'
import { checkChangeOptions, versionsAfter, type ChangeOptions, type ChangeWatermark } from '../paging/changes.js'
import { cursorPages } from '../paging/cursor.js'
import type { Contact } from './contact.js'
import { contactPaging, searchContactsEndpoint } from './endpoints.js'
import { where } from './query.js'
import { checkReconcileOptions, reconciler, type ContactDeletion, type ReconcileOptions } from './reconcile.js'

const DAY = 86_400

/** A version of a contact (created or updated), and the watermark once it is emitted. */
export interface ContactChange {
  readonly kind: 'upsert'
  readonly contact: Contact
  readonly watermark: ChangeWatermark
}

/** What a change stream with reconciliation emits: a version of a contact, or a contact gone. */
export type ContactSyncEvent = ContactChange | ContactDeletion

/** A change stream's options, with a reconciliation that reports deletions and merges. */
export type ReconciledChangeOptions = ChangeOptions & { readonly reconcile: ReconcileOptions }

/** The contacts a poll reads: a search on `updated_at` a day wider than the watermark, ascending. */
const contactPoll = (client: IntercomClient, perPage: number) =>
  async function* (mark: ChangeWatermark, signal: AbortSignal): AsyncGenerator<ReadonlyArray<Contact>> {
    const query = where('updated_at', '>', mark.updatedAt - DAY)
    const sort = { field: 'updated_at', order: 'asc' } as const
    const endpoint = searchContactsEndpoint(client, { query, sort, perPage })
    for await (const read of cursorPages(client, endpoint, undefined, signal, contactPaging)) yield read.items
  }

/**
 * Every change to the workspace's contacts after a watermark, as it happens: an endless stream of
 * each version of a contact (created or updated) once, in `updated_at` order, polling
 * `POST /contacts/search` every `every` ms. Each change carries the watermark after it: save it,
 * and `contactChanges(client, { since: watermark })` resumes with nothing lost and nothing
 * repeated. A version is emitted once it is `lagSeconds` old (search lags behind writes), and the
 * day-granular date matching of the search is made exact on the client. See docs/keeping-in-sync.md.
 *
 * A search cannot see a contact deleted, or a lead merged into a user (the lead is deleted). With
 * `reconcile: { everyMs, known }`, the stream also walks every contact id every `everyMs` and
 * emits `{ kind: 'deletion', id }` once for each id the reader holds (`known`, and every id
 * emitted since) that is gone; a merge then shows as the lead's deletion and the user's update.
 *
 * @example
 * ```ts
 * contactChanges(client, { since: saved ?? Math.floor(Date.now() / 1000) - 86_400 })
 *   .pipe(concatMap(async ({ contact, watermark }) => { await upsert(contact); await save(watermark) }))
 * ```
 */
export function contactChanges(
  client: IntercomClient,
  options: ReconciledChangeOptions,
): PullableObservable<ContactSyncEvent>
export function contactChanges(client: IntercomClient, options: ChangeOptions): PullableObservable<ContactChange>
export function contactChanges(
  client: IntercomClient,
  options: ChangeOptions & { readonly reconcile?: ReconcileOptions },
): PullableObservable<ContactSyncEvent> {
  return pullable(
    async function* (signal: AbortSignal) {
      const { reconcile, ...changeOptions } = options
      orThrow(checkChangeOptions(changeOptions))
      if (reconcile !== undefined) orThrow(checkReconcileOptions(reconcile))
      const known = new Set(reconcile?.known === 'all' ? [] : (reconcile?.known ?? []))
      for await (const event of versionsAfter(
        contactPoll(client, options.perPage ?? 150),
        { now: () => client.serverNow(), ...changeOptions },
        signal,
        reconcile === undefined ? undefined : reconciler(client, known, reconcile),
      )) {
        if ('kind' in event) {
          yield event
          continue
        }
        known.add(event.record.id)
        yield { kind: 'upsert' as const, contact: event.record, watermark: event.watermark }
      }
    },
    (event) => [event],
  )
}
