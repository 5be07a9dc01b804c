/**
 * The ranges of a partitioned export: whole days of `created_at`, which tile the timeline exactly.
 * `created_at` never changes, and a range `AND(OR(> a, = a), < b)` holds the contacts created from
 * the calendar day of `a` up to (not including) the day of `b` in the workspace's time zone: ranges
 * whose bounds are shared tile the timeline whatever that zone is, each contact in exactly one.
 *
 * @module
 */
import type { Concurrency } from '../paging/concurrency.js'
import type { ContactRole } from './contact.js'
import { and, or, where, type ContactQuery } from './query.js'

export const DAY = 86_400

/** Created from the calendar day of `from` up to, not including, the day of `to` (Unix seconds). */
export interface DayRange {
  readonly from: number
  readonly to: number
}

/** The search for a range, ANDed with the caller's filter. */
export const rangeQuery = (range: DayRange, filter: ContactQuery | undefined): ContactQuery =>
  and(
    or(where('created_at', '>', range.from), where('created_at', '=', range.from)),
    where('created_at', '<', range.to),
    ...(filter === undefined ? [] : [filter]),
  )

/** Every contact the filter keeps: created on or after the epoch's day. */
export const everything = (filter: ContactQuery | undefined): ContactQuery =>
  and(or(where('created_at', '>', 0), where('created_at', '=', 0)), ...(filter === undefined ? [] : [filter]))

/** Whole days in a range. */
export const daysIn = (range: DayRange): number => Math.max(1, Math.round((range.to - range.from) / DAY))

/** A range cut into `parts` ranges of whole days, as even as days allow, sharing their bounds. */
export const splitRange = (range: DayRange, parts: number): DayRange[] => {
  const days = daysIn(range)
  const n = Math.max(1, Math.min(parts, days))
  const bounds = Array.from({ length: n + 1 }, (_, i) =>
    i === n ? range.to : range.from + Math.floor((i * days) / n) * DAY,
  )
  return bounds.slice(0, -1).map((from, i) => ({ from, to: bounds[i + 1] ?? range.to }))
}

/** How an export reads. */
export interface ExportContactsOptions {
  /** Only users, or only leads. */
  readonly role?: ContactRole
  /** A search query every range is ANDed with (at most one level of groups, so the range fits). */
  readonly query?: ContactQuery
  /** Requests at once: `'auto'` (default: the rate limit's room × latency, up to 64) or a number. */
  readonly concurrency?: Concurrency
}

/** The filter every range is ANDed with: the role and the caller's query. */
export const filterOf = (options: ExportContactsOptions): ContactQuery | undefined => {
  const parts = [
    ...(options.role === undefined ? [] : [where('role', '=', options.role)]),
    ...(options.query === undefined ? [] : [options.query]),
  ]
  return parts.length <= 1 ? parts[0] : and(...parts)
}
