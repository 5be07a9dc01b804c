/**
 * One form for every rule a caller's input must follow: users params, contacts params, the
 * search query's values, change options, client options and the operators' arguments. A rule
 * says what is allowed in words and tests a value; {@link checkFields} applies a table of them
 * to an object. Pure code returns `Either`; the public edge throws once ({@link orThrow}). This
 * is the one place that builds an `InvalidParams` error.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { IntercomError } from './errors.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What one parameter must be: the words for a message, and the test. */
export interface Rule {
  /** What is allowed, in words: `an integer from 1 to 60`. */
  readonly allowed: string
  readonly test: (value: unknown) => boolean
}

/** The rules of an object's fields, by name. */
export type Rules<K extends string = string> = Readonly<Record<K, Rule>>

/** An input's fault, or the input checked. */
export type Checked<A> = E.Either<IntercomError<'InvalidParams'>, A>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The `InvalidParams` error: `param` names what was wrong, `message` says what and what to do, and
 * `reason` what is wrong with `param` alone (`must be an integer from 1 to 60, got 0`), for a
 * caller that words its own message (the command line names its flags).
 */
export const invalidParams = (
  param: string,
  message: string,
  reason: string = message,
): IntercomError<'InvalidParams'> => new IntercomError('InvalidParams', message, { param, reason })

/** Renders a value for a message: short, unambiguous, never an object dump. */
export const showValue = (u: unknown): string => {
  if (typeof u === 'string') return JSON.stringify(u.length > 60 ? `${u.slice(0, 57)}...` : u)
  if (typeof u === 'number' || typeof u === 'boolean' || u === null || u === undefined) return String(u)
  if (Array.isArray(u)) return 'an array'
  return `a ${typeof u}`
}

/** The common fault: `perPage must be an integer from 1 to 60, got 0. No request was sent.` */
export const mustBe = (param: string, allowed: string, value: unknown): IntercomError<'InvalidParams'> => {
  const reason = `must be ${allowed}, got ${showValue(value)}`
  return invalidParams(param, `${param} ${reason}. No request was sent.`, reason)
}

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

/** Whether `u` is a whole number. */
export const isInt = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u)

/** A whole number within bounds. */
export const intRule = (min: number, max?: number): Rule => ({
  allowed: max === undefined ? `an integer >= ${min}` : `an integer from ${min} to ${max}`,
  test: (u) => isInt(u) && u >= min && (max === undefined || u <= max),
})

/** One of a few strings. */
export const oneOf = (values: ReadonlyArray<string>, words?: string): Rule => ({
  allowed: words ?? `one of ${values.map((v) => `'${v}'`).join(', ')}`,
  test: (u) => typeof u === 'string' && values.includes(u),
})

/** A string with something in it. */
export const nonBlank = (allowed = 'a non-empty string'): Rule => ({
  allowed,
  test: (u) => typeof u === 'string' && u.trim().length > 0,
})

/** The latest time the library takes (a date, a `since`, a watermark): the end of year 9999, in Unix seconds. */
export const MAX_UNIX_SECONDS = 253_402_300_799

/** Whether `u` is a time the library takes: whole Unix seconds from 0 to {@link MAX_UNIX_SECONDS}. */
export const isUnixSeconds = (u: unknown): u is number => isInt(u) && u >= 0 && u <= MAX_UNIX_SECONDS

/** Whether `u` is a plain object (not an array, not null). */
export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** `key` as an own property of `rules` (a field named `constructor` or `__proto__` is no rule). */
export const ruleOf = <K extends string>(rules: Rules<K>, key: string): Rule | undefined =>
  Object.prototype.hasOwnProperty.call(rules, key) ? rules[key as K] : undefined

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * An object's fields checked against `rules`: not an object, then an unknown field (with a hint
 * for a misspelling `hints` knows), then what `across` finds wrong between fields, then the first
 * field that breaks its rule is the fault. `undefined` fields are as absent. Returns the given fields.
 */
export const checkFields = <K extends string>(
  u: unknown,
  rules: Rules<K>,
  hints: Readonly<Record<string, string>> = {},
  across: (given: Partial<Record<K, unknown>>) => IntercomError<'InvalidParams'> | undefined = () => undefined,
): Checked<Partial<Record<K, unknown>>> => {
  if (u === undefined || u === null) return E.right({})
  if (!isRecord(u))
    return E.left(invalidParams('params', `params must be an object, got ${showValue(u)}. No request was sent.`))
  const given: Partial<Record<K, unknown>> = {}
  for (const [key, value] of Object.entries(u)) {
    if (value === undefined) continue
    if (ruleOf(rules, key) === undefined) {
      const hint = Object.prototype.hasOwnProperty.call(hints, key) ? ` (did you mean '${hints[key]}'?)` : ''
      return E.left(
        invalidParams(
          key,
          `unknown parameter '${key}'${hint}; allowed: ${Object.keys(rules).join(', ')}. No request was sent.`,
        ),
      )
    }
    given[key as K] = value
  }
  const fault = across(given)
  if (fault !== undefined) return E.left(fault)
  for (const [key, value] of Object.entries(given)) {
    const rule = rules[key as K]
    if (!rule.test(value)) return E.left(mustBe(key, rule.allowed, value))
  }
  return E.right(given)
}

/** The value, or its fault thrown: how the public edge ends a pure check. */
export const orThrow = <A>(checked: E.Either<IntercomError, A>): A => {
  if (E.isLeft(checked)) throw checked.left
  return checked.right
}
