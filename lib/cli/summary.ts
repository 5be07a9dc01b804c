/**
 * What a listing did, and the one line that says it on stderr.
 *
 * @module
 */
import type { Batch } from './batches.js'

/** What a finished (or failed, or interrupted) listing did. */
export interface ListSummary {
  /** Records written, and what they are (a change stream's records are changes, not pages). */
  readonly users: number
  readonly noun: 'user' | 'contact' | 'change'
  readonly pages: number
  readonly requests: number
  /** Which API served the users, once known. */
  readonly path: Batch['path'] | undefined
  /** The listing stopped at Intercom's cap with users left. */
  readonly stoppedAtCap: boolean
  /** What stopped the listing before its end (`SIGINT`), if anything did. */
  readonly interruptedBy: string | undefined
  readonly seconds: number
  readonly exitCode: number
}

const VIA: Readonly<Record<Batch['path'], string>> = {
  changes: ' via contact changes',
  'user changes': ' via user changes',
  pages: ' via List Users',
  scroll: ' via the Scroll API',
  contacts: ' via the Contacts API',
  export: ' via a parallel export (search by created_at)',
  search: ' via a contacts search',
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/** The one-line summary: `2400 users via List Users, 48 pages, 48 requests in 1.2 s`; `12 changes via contact changes, 3 requests in 60.0 s`. */
export const formatSummary = (summary: ListSummary): string => {
  const via = summary.path === undefined ? '' : VIA[summary.path]
  const cap = summary.stoppedAtCap
    ? " (stopped at Intercom's cap on page iteration; --all or --scroll reads the rest)"
    : ''
  const pages = summary.noun === 'change' ? '' : `${plural(summary.pages, 'page')}, `
  const counts = `${pages}${plural(summary.requests, 'request')} in ${summary.seconds.toFixed(1)} s`
  const { noun } = summary
  return summary.interruptedBy === undefined
    ? `${plural(summary.users, noun)}${via}${cap}, ${counts}`
    : `interrupted by ${summary.interruptedBy}: ${plural(summary.users, noun)} written (whole records only)${via}, ${counts}`
}
