/**
 * Decoding a page fast: a page whose every field has its documented type passes a single
 * `is` check and is returned as it is (no copy); only a page that fails it is decoded in
 * full, to say where it is wrong (a path-precise `DecodeError`) or which descriptive fields
 * were odd (warnings, the page still decodes).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { intercomError, type IntercomError } from '../errors.js'
import { showValue } from '../validate.js'
import { compileGuard } from './compile-guard.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A decoded value with what was odd in it but did not stop it. */
export interface Decoded<A> {
  readonly value: A
  /** One line a field that had an undocumented type and was decoded to `null`. */
  readonly warnings: ReadonlyArray<string>
}

const MAX_LISTED = 5

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const isComposite = (type: t.Decoder<unknown, unknown>): boolean =>
  type instanceof t.IntersectionType || type instanceof t.UnionType

/** `['users', '3', 'location_data', 'latitude']`: the keys to a failure, without io-ts's combinator steps. */
const errorKeys = (error: t.ValidationError): string[] =>
  error.context.filter((_entry, i) => i > 0 && !isComposite(error.context[i - 1].type)).map((entry) => entry.key)

/** `users.3.location_data.latitude`: the path of a failure, without io-ts's combinator steps. */
export const errorPath = (error: t.ValidationError): string => errorKeys(error).join('.')

/**
 * `users.3.id: expected NonEmptyString, got 42`. A failure of a union's member right under
 * the union is reported once, as the union (`expected (string | null)`), not once a member.
 */
export const describeError = (error: t.ValidationError): string => {
  const context = error.context
  const parent = context[context.length - 2]
  const atUnion = parent !== undefined && parent.type instanceof t.UnionType
  const shown: t.ValidationError = atUnion ? { ...error, context: context.slice(0, -1) } : error
  const last = shown.context[shown.context.length - 1]
  const path = errorPath(shown)
  const expected = error.message ?? `expected ${last === undefined ? 'a value' : last.type.name}`
  return `${path.length > 0 ? path : '(root)'}: ${expected}, got ${showValue(error.value)}`
}

/** The first few errors, one a line, with how many more there were. */
export const describeErrors = (errors: t.Errors): ReadonlyArray<string> => {
  const lines = [...new Set(errors.map(describeError))]
  return lines.length > MAX_LISTED
    ? [...lines.slice(0, MAX_LISTED), `... and ${lines.length - MAX_LISTED} more`]
    : lines
}

// -------------------------------------------------------------------------------------
// decoders
// -------------------------------------------------------------------------------------

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null

/**
 * `root` with the value at `path` replaced by `null`, copying only the objects and arrays on the
 * way (copy on write): every other value, user and field is the one that was sent. Copies are
 * made with spread, which defines properties and never assigns them, so a key `__proto__` stays
 * a plain property and changes no prototype.
 */
export const nullAt = (root: unknown, path: ReadonlyArray<string>): unknown => {
  const [key, ...rest] = path
  if (key === undefined) return null
  if (Array.isArray(root)) {
    const index = Number(key)
    if (!Number.isInteger(index) || index < 0 || index >= root.length) return root
    const copy = [...(root as unknown[])]
    copy[index] = nullAt(copy[index], rest)
    return copy
  }
  if (!isRecord(root) || !Object.prototype.hasOwnProperty.call(root, key)) return root
  return { ...root, ...Object.fromEntries([[key, nullAt(root[key], rest)]]) }
}

/**
 * Decodes with a strict codec first (one `is` check) and the tolerant one when that fails.
 * `what` names the document in the error message (`a page of List Users`). A page that decodes
 * only tolerantly is returned as sent but for its odd fields, each replaced by `null` (the
 * tolerant codec's output, which would add `null` for every absent field, only validates).
 */
export const decodeWith = <A>(strictCodec: t.Mixed, tolerantCodec: t.Decoder<unknown, A>, what: string) => {
  const isStrict = compileGuard(strictCodec)
  return (u: unknown): E.Either<IntercomError<'DecodeError'>, Decoded<A>> => {
    if (isStrict(u)) {
      return E.right({ value: u as A, warnings: [] })
    }
    const tolerantResult = tolerantCodec.decode(u)
    if (E.isLeft(tolerantResult)) {
      const lines = describeErrors(tolerantResult.left)
      return E.left(
        intercomError(
          'DecodeError',
          `${what} did not have the expected shape: ${lines.join('; ')}. ` +
            'The server is not answering as Intercom documents; check the base URL.',
        ),
      )
    }
    const strictResult = strictCodec.decode(u)
    if (E.isRight(strictResult)) return E.right({ value: u as A, warnings: [] })
    let value = u
    for (const keys of strictResult.left.map(errorKeys)) value = nullAt(value, keys)
    return E.right({ value: value as A, warnings: describeErrors(strictResult.left) })
  }
}
