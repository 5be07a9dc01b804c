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
import * as E from 'fp-ts/lib/Either.js'
import { checkFields, intRule, isRecord, isUnixSeconds, mustBe, type Checked, type Rules } from '../core/validate.js'
import { untilAborted } from '../transport/send.js'

/** Where a change stream stands: resume from it to lose and repeat nothing. */
export interface ChangeWatermark {
  /** The `updated_at` (Unix seconds) of the last version emitted. */
  readonly updatedAt: number
  /** The ids emitted with exactly that `updated_at` (others at the same second are still to come). */
  readonly ids: ReadonlyArray<string>
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
  /**
   * The clock, Unix seconds: a version is settled once `now() - lagSeconds` has passed it. Default:
   * Intercom's, as its answers' `Date` headers tell it (`client.serverNow()`), so a local clock
   * ahead of Intercom's loses nothing.
   */
  readonly now?: () => number
}

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
 * (the newest of a record seen twice), and yields them oldest first; then what `between` gives
 * for the watermark (a reconciliation's deletions), and waits `every` ms.
 */
export async function* versionsAfter<T extends Versioned, X = never>(
  poll: (mark: ChangeWatermark, signal: AbortSignal) => AsyncIterable<ReadonlyArray<T>>,
  options: ChangeOptions,
  signal: AbortSignal,
  between: (mark: ChangeWatermark, signal: AbortSignal) => AsyncIterable<X> = async function* () {},
): AsyncGenerator<Change<T> | X> {
  const every = options.every ?? 60_000
  const lag = options.lagSeconds ?? 300
  const now = options.now ?? (() => Math.floor(Date.now() / 1000))
  const versionOf = (r: T): number | undefined => (typeof r.updated_at === 'number' ? r.updated_at : undefined)
  let mark: ChangeWatermark = typeof options.since === 'number' ? { updatedAt: options.since, ids: [] } : options.since
  for (;;) {
    const after = new Set(mark.ids)
    const found = new Map<string, T>()
    // Read once the first page is in: a clock that follows Intercom's has seen its Date by then.
    let horizon: number | undefined
    for await (const records of poll(mark, signal)) {
      horizon ??= now() - lag
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
    // What the caller reads between polls (a reconciliation's deletions), then the wait.
    yield* between(mark, signal)
    await untilAborted(timer(every), signal)
  }
}

const isWatermark = (u: unknown): boolean =>
  isRecord(u) &&
  isUnixSeconds(u['updatedAt']) &&
  Array.isArray(u['ids']) &&
  u['ids'].every((id) => typeof id === 'string')

/** The rules of a change stream's options. */
const CHANGE_RULES: Rules<keyof ChangeOptions> = {
  since: {
    allowed: 'a Unix time in seconds (up to the end of year 9999) or a saved watermark { updatedAt, ids }',
    test: (u) => isUnixSeconds(u) || isWatermark(u),
  },
  every: { allowed: 'a number of milliseconds > 0', test: (u) => typeof u === 'number' && u > 0 },
  lagSeconds: { allowed: 'a number of seconds >= 0', test: (u) => typeof u === 'number' && u >= 0 },
  perPage: intRule(1, 150),
  now: { allowed: 'a function returning Unix seconds', test: (u) => typeof u === 'function' },
}

/** What is wrong with a change stream's options, as a value. */
export const checkChangeOptions = (o: ChangeOptions): Checked<ChangeOptions> =>
  (o as Partial<ChangeOptions> | undefined)?.since === undefined
    ? E.left(mustBe('since', CHANGE_RULES.since.allowed, undefined))
    : E.map(() => o)(checkFields(o, CHANGE_RULES))
