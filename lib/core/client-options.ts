/**
 * The rules a client's options must follow, as one table: what each option is, its default,
 * and what is allowed. Pure: the first option that breaks its rule is an `InvalidParams`
 * error that names it, the value given and what is allowed (never the token's value).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { IntercomError } from './errors.js'
import { invalidParams, type Rule } from './validate.js'
import { CONTACTS_API_VERSION, isContactsApiVersion, isUsersApiVersion, USERS_API_VERSION } from './api-versions.js'
import { DEFAULT_BASE_URL } from './http-request.js'
import type { RateLimiterOptions } from '../transport/rate-limiter.js'
import { DEFAULT_RETRY, type RetryOptions } from '../transport/retry.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The options a client is built from, defaults filled in and checked. */
export interface CheckedOptions {
  readonly token: string
  readonly baseUrl: string
  readonly timeoutMs: number
  readonly maxBodyBytes: number
  readonly pageCap: number
  readonly apiVersion: string
  readonly contactsApiVersion: string
  readonly retry: Required<RetryOptions>
  readonly rateLimit: RateLimiterOptions
}

/** What `createClient` takes of the options this module checks. */
export interface OptionsToCheck {
  readonly token: unknown
  readonly baseUrl?: string | undefined
  readonly timeoutMs?: number
  readonly maxBodyBytes?: number
  readonly pageCap?: number
  readonly apiVersion?: string
  readonly contactsApiVersion?: string
  readonly retry?: RetryOptions
  readonly rateLimit?: RateLimiterOptions
}

/** Intercom's cap on page iteration, in users: page × per_page may not exceed it. */
export const DEFAULT_PAGE_CAP = 10_000
export const DEFAULT_TIMEOUT_MS = 30_000
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024
/** The longest a timer holds (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** A rule of an option: what is allowed (the whole message, for the token), and where its value is. */
interface OptionRule extends Rule {
  /** The option's name, as the caller writes it. */
  readonly name: keyof CheckedOptions
  /** Its value with the default filled in. */
  readonly value: (o: OptionsToCheck) => unknown
}

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

const isPositiveInt = (u: unknown): boolean => Number.isInteger(u) && (u as number) > 0

/**
 * The first character a header value may not hold (a control character, DEL, a space, or one
 * above U+00FF, which fetch cannot send), described without quoting the value; undefined when none.
 */
export const illegalHeaderCharacter = (value: string): string | undefined => {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x21 || code === 0x7f || code > 0xff) {
      const name =
        code === 0x0a
          ? 'a line feed'
          : code === 0x0d
            ? 'a carriage return'
            : code === 0x20
              ? 'a space'
              : `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
      return `${name} at position ${i + 1} of ${value.length}`
    }
  }
  return undefined
}

const RULES: ReadonlyArray<OptionRule> = [
  {
    name: 'token',
    value: (o) => o.token,
    test: (u) => typeof u === 'string' && u.trim().length > 0,
    allowed: 'createClient needs an access token: pass { token }, e.g. from INTERCOM_ACCESS_TOKEN.',
  },
  {
    name: 'apiVersion',
    value: (o) => o.apiVersion ?? USERS_API_VERSION,
    test: (u) => typeof u === 'string' && isUsersApiVersion(u),
    allowed: 'one of 1.0, 1.1, 1.2, 1.3, 1.4 (List Users exists only on 1.x)',
  },
  {
    name: 'contactsApiVersion',
    value: (o) => o.contactsApiVersion ?? CONTACTS_API_VERSION,
    test: (u) => typeof u === 'string' && isContactsApiVersion(u),
    allowed:
      "a 2.x version such as 2.14, or 'Preview' (on 1.x, /contacts is the Leads resource and would list leads alone)",
  },
  {
    name: 'baseUrl',
    value: (o) => o.baseUrl ?? DEFAULT_BASE_URL,
    test: (u) => typeof u === 'string' && /^https?:\/\/[^/]/i.test(u) && URL.canParse(u),
    allowed: 'an http(s) URL',
  },
  {
    name: 'timeoutMs',
    value: (o) => o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    test: (u) => typeof u === 'number' && Number.isFinite(u) && u > 0 && u <= MAX_TIMER_MS,
    allowed: `a positive number of milliseconds up to ${MAX_TIMER_MS} (the longest a timer holds)`,
  },
  {
    name: 'maxBodyBytes',
    value: (o) => o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    test: isPositiveInt,
    allowed: 'a positive integer',
  },
  { name: 'pageCap', value: (o) => o.pageCap ?? DEFAULT_PAGE_CAP, test: isPositiveInt, allowed: 'a positive integer' },
  {
    name: 'retry',
    value: (o) => ({ ...DEFAULT_RETRY, ...o.retry }),
    test: (u) => {
      const r = u as Required<RetryOptions>
      return (
        Number.isInteger(r.maxAttempts) &&
        r.maxAttempts >= 1 &&
        [r.baseDelayMs, r.maxDelayMs, r.maxWaitMs].every((n) => typeof n === 'number' && n >= 0)
      )
    },
    allowed: '{ maxAttempts: an integer >= 1, baseDelayMs, maxDelayMs, maxWaitMs: numbers >= 0 }',
  },
  {
    name: 'rateLimit',
    value: (o) => o.rateLimit ?? {},
    test: (u) => {
      const { ceiling, share } = u as RateLimiterOptions
      return (
        (ceiling === undefined ||
          (Number.isInteger(ceiling.requests) && ceiling.requests >= 1 && ceiling.windowMs > 0)) &&
        (share === undefined || (typeof share === 'number' && share > 0 && share <= 1))
      )
    },
    allowed:
      '{ ceiling?: { requests: an integer >= 1, windowMs: > 0 }, share?: a number > 0 and <= 1, marginMs?, maxPauseMs? }',
  },
]

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The options with their defaults, or the first one that breaks its rule. */
export const checkOptions = (options: OptionsToCheck): E.Either<IntercomError<'InvalidParams'>, CheckedOptions> => {
  const checked: Partial<Record<keyof CheckedOptions, unknown>> = {}
  for (const rule of RULES) {
    const value = rule.value(options)
    if (!rule.test(value)) {
      const reason = `must be ${rule.allowed}, got ${JSON.stringify(value)}`
      return E.left(
        rule.name === 'token'
          ? invalidParams(rule.name, rule.allowed)
          : invalidParams(rule.name, `${rule.name} ${reason}.`, reason),
      )
    }
    checked[rule.name] = value
  }
  // The message describes the character, never the token.
  const illegal = illegalHeaderCharacter(checked.token as string)
  if (illegal !== undefined) {
    return E.left(
      invalidParams(
        'token',
        `The access token holds ${illegal}, which no HTTP header may carry, so it cannot be sent. ` +
          'Check where it came from (a token file of more than one line, a pasted space or quote) and pass the token alone.',
      ),
    )
  }
  return E.right(checked as unknown as CheckedOptions)
}
