/**
 * What a caller may ask of List Users: three shapes (all users, by email, by phone) as a
 * discriminated union checked by the compiler, and the same rules checked at run time by an
 * io-ts codec for callers from JavaScript.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { intercomError, type IntercomError } from '../core/errors.js'

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
/** Intercom's cap on page iteration, in users: page × per_page may not exceed it. */
export const DEFAULT_PAGE_CAP = 10_000
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

interface Rule {
  readonly allowed: string
  readonly test: (value: unknown) => boolean
  /** Whether the parameter may be combined with an email or phone filter. */
  readonly withFilter: boolean
}

const isInt = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u)
const isNonBlank = (u: unknown): u is string => typeof u === 'string' && u.trim().length > 0

const RULES: Readonly<Record<keyof ListAllParams | 'email' | 'phone', Rule>> = {
  page: { allowed: 'an integer >= 1', test: (u) => isInt(u) && u >= 1, withFilter: true },
  perPage: {
    allowed: `an integer from 1 to ${MAX_PER_PAGE}`,
    test: (u) => isInt(u) && u >= 1 && u <= MAX_PER_PAGE,
    withFilter: true,
  },
  order: {
    allowed: ORDERS.map((o) => `'${o}'`).join(' or '),
    test: (u) => (ORDERS as ReadonlyArray<unknown>).includes(u),
    withFilter: false,
  },
  sort: {
    allowed: `one of ${SORTS.map((s) => `'${s}'`).join(', ')}`,
    test: (u) => (SORTS as ReadonlyArray<unknown>).includes(u),
    withFilter: false,
  },
  createdSince: {
    allowed: 'an integer >= 0 (days)',
    test: (u) => isInt(u) && u >= 0,
    withFilter: false,
  },
  email: { allowed: 'a non-empty string', test: isNonBlank, withFilter: true },
  phone: { allowed: 'a non-empty string', test: isNonBlank, withFilter: true },
}

const KNOWN = Object.keys(RULES)

/** Renders a value for a message: short, unambiguous, never an object dump. */
export const showValue = (u: unknown): string => {
  if (typeof u === 'string') return JSON.stringify(u.length > 60 ? `${u.slice(0, 57)}...` : u)
  if (typeof u === 'number' || typeof u === 'boolean' || u === null || u === undefined) return String(u)
  if (Array.isArray(u)) return 'an array'
  return `a ${typeof u}`
}

const invalid = (param: string, message: string): IntercomError<'InvalidParams'> =>
  intercomError('InvalidParams', `${message}. No request was sent.`, { param })

const SNAKE_TO_CAMEL: Readonly<Record<string, string>> = {
  per_page: 'perPage',
  created_since: 'createdSince',
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Checks what a caller asked for against the rules of List Users and fills in the defaults.
 * Pure: returns the first violation as an `InvalidParams` error that names the parameter,
 * the value given and what is allowed.
 */
export const validateParams = (u: unknown): E.Either<IntercomError<'InvalidParams'>, Query> => {
  if (u === undefined || u === null) u = {}
  if (typeof u !== 'object' || Array.isArray(u)) {
    return E.left(invalid('params', `params must be an object, got ${showValue(u)}`))
  }
  const given = Object.fromEntries(Object.entries(u as Record<string, unknown>).filter(([, v]) => v !== undefined))
  for (const key of Object.keys(given)) {
    if (!KNOWN.includes(key)) {
      const hint = SNAKE_TO_CAMEL[key] === undefined ? '' : ` (did you mean '${SNAKE_TO_CAMEL[key]}'?)`
      return E.left(invalid(key, `unknown parameter '${key}'${hint}; allowed: ${KNOWN.join(', ')}`))
    }
  }
  if ('email' in given && 'phone' in given) {
    return E.left(invalid('phone', 'email and phone cannot be combined; list by one or the other'))
  }
  const filter = 'email' in given ? 'email' : 'phone' in given ? 'phone' : undefined
  for (const [key, value] of Object.entries(given)) {
    const rule = RULES[key as keyof typeof RULES]
    if (filter !== undefined && !rule.withFilter) {
      return E.left(
        invalid(
          key,
          `${key} works only when listing all users, not with ${filter}; remove ${key} or the ${filter} filter`,
        ),
      )
    }
    if (!rule.test(value)) {
      return E.left(invalid(key, `${key} must be ${rule.allowed}, got ${showValue(value)}`))
    }
  }
  const page = (given['page'] as number | undefined) ?? 1
  const perPage = (given['perPage'] as number | undefined) ?? DEFAULT_PER_PAGE
  if (filter === 'email') return E.right({ kind: 'email', email: given['email'] as string, page, perPage })
  if (filter === 'phone') return E.right({ kind: 'phone', phone: given['phone'] as string, page, perPage })
  const createdSince = given['createdSince'] as number | undefined
  return E.right({
    kind: 'all',
    page,
    perPage,
    order: (given['order'] as Order | undefined) ?? 'desc',
    sort: (given['sort'] as Sort | undefined) ?? 'created_at',
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
