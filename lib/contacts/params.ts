/**
 * What a caller may ask of `GET /contacts`: the page size, and a cursor to resume from. Checked
 * at run time for callers from JavaScript, as List Users' params are.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { checkFields, intRule, type Checked, type Rules } from '../core/validate.js'

/** The Contacts API's largest page. */
export const MAX_CONTACTS_PER_PAGE = 150
/** The page size sent when none is asked for (Intercom's documented defaults disagree, so it is always sent). */
export const DEFAULT_CONTACTS_PER_PAGE = 150

/** The params of `listContacts`. */
export interface ListContactsParams {
  /** Contacts per page, 1 to 150 (default 150, the most the API allows; sent with every request). */
  readonly perPage?: number
  /** Resume after this cursor (a page's `startingAfter`) instead of starting from the first contact. */
  readonly startingAfter?: string
}

/** A validated contacts listing, every default filled in. */
export interface ContactsQuery {
  readonly perPage: number
  readonly startingAfter: string | undefined
}

const RULES: Rules<keyof ListContactsParams> = {
  perPage: intRule(1, MAX_CONTACTS_PER_PAGE),
  startingAfter: { allowed: 'a non-empty string (a cursor)', test: (u) => typeof u === 'string' && u.length > 0 },
}

const HINTS = { per_page: 'perPage', starting_after: 'startingAfter' }

/**
 * Checks the params of `listContacts` and fills in the defaults; the first violation names the parameter.
 *
 * @example
 * ```ts
 * const checked = validateContactParams({ perPage: 150 })
 * if (checked._tag === 'Right') console.log(checked.right.perPage)
 * ```
 */
export const validateContactParams = (u: unknown): Checked<ContactsQuery> =>
  E.map((given: Partial<Record<keyof ListContactsParams, unknown>>) => ({
    perPage: (given.perPage as number | undefined) ?? DEFAULT_CONTACTS_PER_PAGE,
    startingAfter: given.startingAfter as string | undefined,
  }))(checkFields(u, RULES, HINTS))
