/**
 * What a caller may ask of `GET /contacts`: the page size, and a cursor to resume from. Checked
 * at run time for callers from JavaScript, as List Users' params are.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { intercomError, type IntercomError } from '../core/errors.js'
import { showValue } from '../users/params.js'

/** The Contacts API's largest page. */
export const MAX_CONTACTS_PER_PAGE = 150
/** The page size sent when none is asked for (Intercom's documented defaults disagree, so it is always sent). */
export const DEFAULT_CONTACTS_PER_PAGE = 50

/** The params of `listContacts`. */
export interface ListContactsParams {
  /** Contacts per page, 1 to 150 (default 50, sent with every request). */
  readonly perPage?: number
  /** Resume after this cursor (a page's `startingAfter`) instead of starting from the first contact. */
  readonly startingAfter?: string
}

/** A validated contacts listing, every default filled in. */
export interface ContactsQuery {
  readonly perPage: number
  readonly startingAfter: string | undefined
}

const RULES: Readonly<Record<keyof ListContactsParams, { allowed: string; test: (u: unknown) => boolean }>> = {
  perPage: {
    allowed: `an integer from 1 to ${MAX_CONTACTS_PER_PAGE}`,
    test: (u) => typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= MAX_CONTACTS_PER_PAGE,
  },
  startingAfter: { allowed: 'a non-empty string (a cursor)', test: (u) => typeof u === 'string' && u.length > 0 },
}

const invalid = (param: string, message: string): IntercomError<'InvalidParams'> =>
  intercomError('InvalidParams', `${message}. No request was sent.`, { param })

/** Checks the params of `listContacts` and fills in the defaults; the first violation names the parameter. */
export const validateContactParams = (u: unknown): E.Either<IntercomError<'InvalidParams'>, ContactsQuery> => {
  if (u === undefined || u === null) u = {}
  if (typeof u !== 'object' || Array.isArray(u)) {
    return E.left(invalid('params', `params must be an object, got ${showValue(u)}`))
  }
  const given = Object.entries(u as Record<string, unknown>).filter(([, v]) => v !== undefined)
  for (const [key, value] of given) {
    const rule = RULES[key as keyof ListContactsParams] as (typeof RULES)[keyof ListContactsParams] | undefined
    if (rule === undefined) {
      const hint =
        key === 'per_page'
          ? " (did you mean 'perPage'?)"
          : key === 'starting_after'
            ? " (did you mean 'startingAfter'?)"
            : ''
      return E.left(invalid(key, `unknown parameter '${key}'${hint}; allowed: ${Object.keys(RULES).join(', ')}`))
    }
    if (!rule.test(value)) return E.left(invalid(key, `${key} must be ${rule.allowed}, got ${showValue(value)}`))
  }
  const params = u as ListContactsParams
  return E.right({ perPage: params.perPage ?? DEFAULT_CONTACTS_PER_PAGE, startingAfter: params.startingAfter })
}
