/**
 * The change engine, an async generator: every `every` ms, read what changed since the watermark
 * (contacts: a search on `updated_at`; users: List Users by `updated_at`, newest first, down to the
 * watermark), and yield each version of a record (its id and `updated_at`) once, in `updated_at`
 * order, with the watermark after it.
 *
 * The search's traps, and what the engine does about them:
 * - Dates match by calendar day in the workspace's time zone (unknown to the client): the query
 *   asks for `updated_at > W - 1 day`, whose matches start no later than W in any time zone, and
 *   the exact filter (`updated_at` after the watermark) is applied on the client.
 * - Search lags behind writes: a version is emitted only once it is `lagSeconds` old (settled),
 *   so one that becomes visible late is still ahead of the watermark; what is not settled yet is
 *   read again by the next poll.
 * - A contact updated again during a walk moves in the sort: seen twice in a poll, it is emitted
 *   once (by id and `updated_at`); its newer version is picked up when it settles.
 * The watermark is the last emitted version's `updated_at` and the ids emitted at that second, so a
 * caller that saves it after each contact and resumes from it loses and repeats nothing.
 *
 * @module
 */
import { timer } from 'rxjs'
import type { Contact } from '../contacts/contact.js'
import { MAX_CONTACTS_PER_PAGE } from '../contacts/params.js'
import { where } from '../contacts/query.js'
import { intercomError, type IntercomError } from '../core/errors.js'
import type { IntercomClient } from '../core/client.js'
import { untilAborted } from '../transport/send.js'
import { contactPages, searchWalk } from './cursor.js'

/** Where a change stream stands: resume from it to lose and repeat nothing. */
export interface ChangeWatermark {
  /** The `updated_at` (Unix seconds) of the last version emitted. */
  readonly updatedAt: number
  /** The ids emitted with exactly that `updated_at` (others at the same second are still to come). */
  readonly ids: ReadonlyArray<string>
}

/** A version of a contact, and the watermark once it is emitted. */
export interface ContactChange {
  readonly contact: Contact
  readonly watermark: ChangeWatermark
}

/** How a change stream polls. */
export interface ChangeOptions {
  /** Where to start: a Unix time (versions updated after it), or a saved watermark. */
  readonly since: number | ChangeWatermark
  /** Between two polls, in ms (default 60,000: a minute, well inside the rate limit). */
  readonly every?: number
  /** How old a version must be before it is emitted, in seconds (default 300: search lags by minutes). */
  readonly lagSeconds?: number
  /** Contacts per search page (default 150). */
  readonly perPage?: number
  /** The clock, Unix seconds (default the system's): a version is settled once `now() - lagSeconds` has passed it. */
  readonly now?: () => number
}

const DAY = 86_400

/** A record with an id and an `updated_at`: a contact, or a user. */
interface Versioned {
  readonly id: string
  readonly updated_at?: unknown
}

/** A record, and the watermark once it is emitted. */
export interface Change<T> {
  readonly record: T
  readonly watermark: ChangeWatermark
}

/**
 * Every version after the watermark, as it settles, forever (until unsubscribed): each poll
 * reads the candidates `poll` gives for the watermark, keeps the settled versions after it
 * (the newest of a record seen twice), and yields them oldest first.
 */
export async function* versionsAfter<T extends Versioned>(
  poll: (mark: ChangeWatermark, signal: AbortSignal) => AsyncIterable<ReadonlyArray<T>>,
  options: ChangeOptions,
  signal: AbortSignal,
): AsyncGenerator<Change<T>> {
  const every = options.every ?? 60_000
  const lag = options.lagSeconds ?? 300
  const now = options.now ?? (() => Math.floor(Date.now() / 1000))
  const versionOf = (r: T): number | undefined => (typeof r.updated_at === 'number' ? r.updated_at : undefined)
  let mark: ChangeWatermark = typeof options.since === 'number' ? { updatedAt: options.since, ids: [] } : options.since
  for (;;) {
    const horizon = now() - lag
    const after = new Set(mark.ids)
    const found = new Map<string, T>()
    for await (const records of poll(mark, signal)) {
      for (const r of records) {
        const t = versionOf(r)
        if (t === undefined || t > horizon) continue
        if (t < mark.updatedAt || (t === mark.updatedAt && after.has(r.id))) continue
        // Seen twice in one walk (it moved in the sort): the newest settled version counts.
        const known = found.get(r.id)
        if (known === undefined || (versionOf(known) ?? 0) < t) found.set(r.id, r)
      }
    }
    const settled = [...found.values()].sort(
      (a, b) => (versionOf(a) ?? 0) - (versionOf(b) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    for (const record of settled) {
      const t = versionOf(record) ?? 0
      mark = { updatedAt: t, ids: t === mark.updatedAt ? [...mark.ids, record.id] : [record.id] }
      yield { record, watermark: mark }
    }
    await untilAborted(timer(every), signal)
  }
}

/** The contacts a poll reads: a search on `updated_at` a day wider than the watermark, ascending. */
export const contactPoll = (client: IntercomClient, perPage: number) =>
  async function* (mark: ChangeWatermark, signal: AbortSignal): AsyncGenerator<ReadonlyArray<Contact>> {
    const query = where('updated_at', '>', mark.updatedAt - DAY)
    const sort = { field: 'updated_at', order: 'ascending' } as const
    const walk = searchWalk(client, { query, sort, perPage, startingAfter: undefined })
    for await (const page of contactPages(client, walk, signal)) yield page.contacts
  }

/** What is wrong with a change stream's options, or undefined. */
export const changeOptionsFault = (o: ChangeOptions): IntercomError<'InvalidParams'> | undefined => {
  const since: unknown = o.since
  const isMark =
    typeof since === 'object' &&
    since !== null &&
    Number.isInteger((since as { updatedAt?: unknown }).updatedAt) &&
    Array.isArray((since as { ids?: unknown }).ids)
  const fault = (param: string, rule: string, value: unknown): IntercomError<'InvalidParams'> =>
    intercomError('InvalidParams', `${param} must be ${rule}, got ${JSON.stringify(value)}. No request was sent.`, {
      param,
    })
  if (!(Number.isInteger(since) || isMark))
    return fault('since', 'a Unix time in seconds or a saved watermark { updatedAt, ids }', since)
  if (o.every !== undefined && !(o.every > 0)) return fault('every', 'a number of milliseconds > 0', o.every)
  if (o.lagSeconds !== undefined && !(o.lagSeconds >= 0))
    return fault('lagSeconds', 'a number of seconds >= 0', o.lagSeconds)
  if (o.perPage !== undefined && !(Number.isInteger(o.perPage) && o.perPage >= 1 && o.perPage <= MAX_CONTACTS_PER_PAGE))
    return fault('perPage', `an integer from 1 to ${MAX_CONTACTS_PER_PAGE}`, o.perPage)
  return undefined
}
