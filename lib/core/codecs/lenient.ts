/**
 * Codecs for descriptive fields come in two strengths built from one definition: strict
 * (the documented type, used to check a page quickly and to report what was odd) and
 * tolerant (an odd value decodes to `null`, so one odd field never stops an export).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** How a descriptive field's codec is wrapped: as it is, or tolerant of odd values. */
export interface Strength {
  <A, O>(codec: t.Type<A, O, unknown>): t.Type<A | null, O | null, unknown>
}

/**
 * A decoded record with its unknown fields reachable: the server's fields that no codec lists
 * are kept on the object as sent, and this type lets a caller read them on purpose,
 * `(user as WithUnknownFields<User>)['plan']`, while `user.plan` stays a compile error.
 */
export type WithUnknownFields<T> = T & { readonly [field: string]: unknown }

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/** Leaves the codec as it is: an odd value fails decoding, with its path. */
export const strict: Strength = <A, O>(codec: t.Type<A, O, unknown>) =>
  codec as unknown as t.Type<A | null, O | null, unknown>

/** Decodes an odd value to `null` instead of failing. */
export const tolerant: Strength = <A, O>(codec: t.Type<A, O, unknown>) =>
  new t.Type<A | null, O | null, unknown>(
    codec.name,
    (u): u is A | null => u === null || codec.is(u),
    (u, c) => {
      const result = codec.validate(u, c)
      return E.isRight(result) ? result : t.success(null)
    },
    (a) => (a === null ? null : codec.encode(a)),
  )

/** A value of either type: used where Intercom's own fixtures show both (`"90"` and `90`). */
export const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null])

const isNonEmptyString = (u: unknown): u is string => typeof u === 'string' && u.length > 0

/**
 * A string with at least one character: ids are of no fixed length, but never empty. Its
 * static type stays `string`, so ids mix freely with the caller's own strings.
 */
export const NonEmptyString = new t.Type<string, string, unknown>(
  'NonEmptyString',
  isNonEmptyString,
  (u, c) => (isNonEmptyString(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)
