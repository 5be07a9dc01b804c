/**
 * What a caller may ask of List Users: three shapes (all users, by email, by phone) as a
 * discriminated union checked by the compiler, and the same rules checked at run time by an
 * io-ts codec for callers from JavaScript.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { IntercomError } from '../core/errors.js'
import { checkFields, intRule, invalidParams, nonBlank, oneOf, type Checked, type Rules } from '../core/validate.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The fields List Users can sort by. */
export type Sort = 'created_at' | 'last_request_at' | 'signed_up_at' | 'updated_at'
/** Ascending or descending; Intercom's default is `desc`. */
export type Order = 'asc' | 'desc'

export const SORTS: ReadonlyArray<Sort> = ['created_at', 'last_request_at', 'signed_up_at', 'updated_at']
export const ORDERS: ReadonlyArray<Order> = ['asc', 'desc']
/** Intercom's largest page. */
export const MAX_PER_PAGE = 60
/** Intercom's default page size. */
export const DEFAULT_PER_PAGE = 50

interface Paging {
  /** The page to start from, from 1 (default 1). */
  readonly page?: number
  /** Users per page, 1 to 60 (default 50). */
  readonly perPage?: number
}

/** Every user, optionally sorted, ordered and limited to recent sign-ups. */
export interface ListAllParams extends Paging {
  /** Ascending or descending (default `desc`). */
  readonly order?: Order
  /** The field to sort by (default `created_at`). */
  readonly sort?: Sort
  /** Only users created in the last N days. */
  readonly createdSince?: number
  /** Not with this shape (a discriminated union: the combination is refused). */
  readonly email?: never
  /** Not with this shape (a discriminated union: the combination is refused). */
  readonly phone?: never
}

/** Users with this email (several users may share one). */
export interface ListByEmailParams extends Paging {
  /** The email to match, exactly as stored (`+` and all). */
  readonly email: string
  /** Not with this shape (a discriminated union: the combination is refused). */
  readonly phone?: never
  /** Not with this shape (a discriminated union: the combination is refused). */
  readonly order?: never
  /** Not with this shape (a discriminated union: the combination is refused). */
  readonly sort?: never
  /** Not with this shape (a discriminated union: the combination is refused). */
  readonly createdSince?: never
}

/** Users with this phone number. */
export interface ListByPhoneParams extends Paging {
  /** The phone number to match, exactly as stored. */
  readonly phone: string
  /** Not with this shape (a discriminated union: the combination is refused). */
  readonly email?: never
  /** Not with this shape (a discriminated union: the combination is refused). */
  readonly order?: never
  /** Not with this shape (a discriminated union: the combination is refused). */
  readonly sort?: never
  /** Not with this shape (a discriminated union: the combination is refused). */
  readonly createdSince?: never
}

/** What `listUsers` accepts: one of the three shapes of the List Users endpoint. */
export type ListUsersParams = ListAllParams | ListByEmailParams | ListByPhoneParams

/** A validated request, every default filled in; `kind` discriminates. */
export type Query =
  | {
      readonly kind: 'all'
      readonly page: number
      readonly perPage: number
      readonly order: Order
      readonly sort: Sort
      readonly createdSince?: number
    }
  | { readonly kind: 'email'; readonly email: string; readonly page: number; readonly perPage: number }
  | { readonly kind: 'phone'; readonly phone: string; readonly page: number; readonly perPage: number }

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

const RULES: Rules<keyof ListAllParams | 'email' | 'phone'> = {
  page: intRule(1),
  perPage: intRule(1, MAX_PER_PAGE),
  order: oneOf(ORDERS, ORDERS.map((o) => `'${o}'`).join(' or ')),
  sort: oneOf(SORTS),
  createdSince: { ...intRule(0), allowed: 'an integer >= 0 (days)' },
  email: nonBlank(),
  phone: nonBlank(),
}

/** The parameters that work only when listing all users, not with an email or phone filter. */
const ALL_ONLY: ReadonlyArray<string> = ['order', 'sort', 'createdSince']

const HINTS = { per_page: 'perPage', created_since: 'createdSince' }

/** Email and phone together, or a parameter of the whole listing with either. */
const filterFault = (given: Partial<Record<string, unknown>>): IntercomError<'InvalidParams'> | undefined => {
  if (given['email'] !== undefined && given['phone'] !== undefined)
    return invalidParams('phone', 'email and phone cannot be combined; list by one or the other. No request was sent.')
  const filter = given['email'] !== undefined ? 'email' : given['phone'] !== undefined ? 'phone' : undefined
  const key = filter === undefined ? undefined : Object.keys(given).find((k) => ALL_ONLY.includes(k))
  return filter === undefined || key === undefined
    ? undefined
    : invalidParams(
        key,
        `${key} works only when listing all users, not with ${filter}; remove ${key} or the ${filter} filter. No request was sent.`,
      )
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Checks what a caller asked for against the rules of List Users and fills in the defaults.
 * Pure: returns the first violation as an `InvalidParams` error that names the parameter,
 * the value given and what is allowed.
 *
 * @example
 * ```ts
 * const checked = validateParams({ perPage: 60, order: 'asc' })
 * if (checked._tag === 'Left') console.error(checked.left.message)
 * ```
 */
export const validateParams = (u: unknown): Checked<Query> => {
  const checked = checkFields(u, RULES, HINTS, filterFault)
  if (E.isLeft(checked)) return checked
  const given = checked.right
  const filter = given.email !== undefined ? 'email' : given.phone !== undefined ? 'phone' : undefined
  const page = (given.page as number | undefined) ?? 1
  const perPage = (given.perPage as number | undefined) ?? DEFAULT_PER_PAGE
  if (filter === 'email') return E.right({ kind: 'email', email: given.email as string, page, perPage })
  if (filter === 'phone') return E.right({ kind: 'phone', phone: given.phone as string, page, perPage })
  const createdSince = given.createdSince as number | undefined
  return E.right({
    kind: 'all',
    page,
    perPage,
    order: (given.order as Order | undefined) ?? 'desc',
    sort: (given.sort as Sort | undefined) ?? 'created_at',
    ...(createdSince === undefined ? {} : { createdSince }),
  })
}

/**
 * The run-time codec of {@link ListUsersParams}: `decode` applies the same rules as
 * {@link validateParams}, for callers who compose io-ts codecs.
 */
export const ListUsersParams = new t.Type<ListUsersParams, ListUsersParams, unknown>(
  'ListUsersParams',
  (u): u is ListUsersParams => E.isRight(validateParams(u)),
  (u, c) =>
    E.fold(
      (e: IntercomError) => t.failure<ListUsersParams>(u, c, e.message),
      () => t.success(u as ListUsersParams),
    )(validateParams(u)),
  t.identity,
)
