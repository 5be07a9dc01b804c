/**
 * The plan of a partitioned export: ranges of whole days of `created_at` that tile the timeline
 * exactly, measured by the search's `total_count`. `created_at` never changes, and a range
 * `AND(OR(> a, = a), < b)` holds the contacts created from the calendar day of `a` up to (not
 * including) the day of `b` in the workspace's time zone: ranges whose bounds are shared tile the
 * timeline whatever that zone is, each contact in exactly one. A one-contact page measures a range
 * in one request; a range larger than a few pages is split in two at a day, the second half
 * counted as the whole less the first, until each is small enough or one day.
 *
 * @module
 */
import type { IntercomClient } from '../core/client.js'
import { readPage } from '../core/read-page.js'
import type { ContactList } from './contact-list.js'
import { searchContactsEndpoint } from './endpoints.js'
import { and, or, where, type ContactQuery, type ContactSort } from './query.js'

const DAY = 86_400

/** Contacts in a range the plan aims at: 10 pages of 150, so a range's last, partial page costs at most a tenth more. */
export const RANGE_TARGET = 1_500

/** Created from the calendar day of `from` up to, not including, the day of `to` (Unix seconds); `count` when planned. */
export interface DayRange {
  readonly from: number
  readonly to: number
  readonly count: number
}

/** The search for a range, ANDed with the caller's filter. */
export const rangeQuery = (range: Pick<DayRange, 'from' | 'to'>, filter: ContactQuery | undefined): ContactQuery =>
  and(
    or(where('created_at', '>', range.from), where('created_at', '=', range.from)),
    where('created_at', '<', range.to),
    ...(filter === undefined ? [] : [filter]),
  )

/** Every contact (that the filter keeps): created on or after the epoch's day. */
const everything = (filter: ContactQuery | undefined): ContactQuery =>
  and(or(where('created_at', '>', 0), where('created_at', '=', 0)), ...(filter === undefined ? [] : [filter]))

/** One contact of a search, and how many it matches. */
const probe = async (
  client: IntercomClient,
  query: ContactQuery,
  sort: ContactSort | undefined,
  signal: AbortSignal,
): Promise<ContactList> =>
  (await readPage(client, searchContactsEndpoint(client, { query, sort, perPage: 1 }), undefined, signal)).page

/**
 * The plan: the earliest and latest `created_at` (two probes), then ranges of whole days split
 * until each holds at most `target` contacts or is one day. Resolves with the ranges in
 * `created_at` order ([] for no contact) and the probes it sent.
 */
export const planExport = async (
  client: IntercomClient,
  filter: ContactQuery | undefined,
  signal: AbortSignal,
  target: number = RANGE_TARGET,
): Promise<{ readonly ranges: ReadonlyArray<DayRange>; readonly probes: number; readonly total: number }> => {
  const first = await probe(client, everything(filter), { field: 'created_at', order: 'ascending' }, signal)
  const total = first.total_count ?? first.data.length
  const earliest = first.data[0]?.created_at
  if (total === 0 || typeof earliest !== 'number') return { ranges: [], probes: 1, total: 0 }
  const last = await probe(client, everything(filter), { field: 'created_at', order: 'descending' }, signal)
  const latest = typeof last.data[0]?.created_at === 'number' ? last.data[0].created_at : earliest
  let probes = 2
  const done: DayRange[] = []
  // A range counted empty is never dropped (counts are of a moment; a contact may come): it joins
  // the range before it, or the one after it at the start.
  let carry: number | undefined
  const keep = (range: DayRange): void => {
    const before = done.at(-1)
    if (range.count === 0 && before !== undefined) done[done.length - 1] = { ...before, to: range.to }
    else if (range.count === 0) carry ??= range.from
    else {
      done.push(carry === undefined ? range : { ...range, from: carry })
      carry = undefined
    }
  }
  // The last range ends a day after the latest contact's, so its day is in.
  const pending: DayRange[] = [{ from: earliest, to: latest + DAY, count: total }]
  while (pending.length > 0) {
    const range = pending.shift() as DayRange
    const days = Math.floor((range.to - range.from) / DAY)
    if (range.count <= target || days <= 1) {
      keep(range)
      continue
    }
    const mid = range.from + Math.floor(days / 2) * DAY
    const left = (await probe(client, rangeQuery({ from: range.from, to: mid }, filter), undefined, signal)).total_count
    probes += 1
    const leftCount = left ?? 0
    pending.unshift(
      { from: range.from, to: mid, count: leftCount },
      { from: mid, to: range.to, count: Math.max(0, range.count - leftCount) },
    )
  }
  if (carry !== undefined) done.push({ from: carry, to: latest + DAY, count: 0 })
  return { ranges: done, probes, total }
}
