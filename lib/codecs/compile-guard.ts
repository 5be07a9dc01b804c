/**
 * A codec's `is`, compiled once into plain closures: the same answer as io-ts's `is`, without
 * its per-call overhead, for the one check every well-formed page goes through. Types it does
 * not know (refinements, brands, custom types) keep their own `is`.
 *
 * @module
 */
import * as t from 'io-ts'

type Guard = (u: unknown) => boolean

/**
 * io-ts's test for `UnknownRecord` (`Object.prototype.toString` says `[object Object]`), with a
 * fast path for what `JSON.parse` makes: a plain object that renames nothing with `Symbol.toStringTag`.
 */
const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' &&
  u !== null &&
  (Object.getPrototypeOf(u) === Object.prototype && !Object.hasOwn(u, Symbol.toStringTag)
    ? true
    : Object.prototype.toString.call(u) === '[object Object]')

/** A guard for each prop, and the props' keys in the same order. */
const fields = (props: t.Props): { readonly keys: string[]; readonly checks: Guard[] } => {
  const keys = Object.keys(props)
  return { keys, checks: keys.map((k) => compileGuard(props[k])) }
}

/** The `typeof` a type of a single primitive type admits, if it is one. */
const primitiveOf = (codec: t.Mixed): 'string' | 'number' | 'boolean' | undefined =>
  codec instanceof t.StringType
    ? 'string'
    : codec instanceof t.NumberType
      ? 'number'
      : codec instanceof t.BooleanType
        ? 'boolean'
        : undefined

/** Guards for one primitive type, and for it or `null` (most descriptive fields), each a constant test. */
const isPrimitive = {
  string: (u: unknown) => typeof u === 'string',
  number: (u: unknown) => typeof u === 'number',
  boolean: (u: unknown) => typeof u === 'boolean',
} as const
const isPrimitiveOrNull = {
  string: (u: unknown) => u === null || typeof u === 'string',
  number: (u: unknown) => u === null || typeof u === 'number',
  boolean: (u: unknown) => u === null || typeof u === 'boolean',
} as const

/** A guard with the same answers as `codec.is`. */
export const compileGuard = (codec: t.Mixed): Guard => {
  if (codec instanceof t.InterfaceType) {
    const { keys, checks } = fields(codec.props as t.Props)
    const n = keys.length
    return (u) => {
      if (!isRecord(u)) return false
      for (let i = 0; i < n; i++) if (!checks[i](u[keys[i]])) return false
      return true
    }
  }
  if (codec instanceof t.PartialType) {
    const { keys, checks } = fields(codec.props as t.Props)
    const n = keys.length
    return (u) => {
      if (!isRecord(u)) return false
      for (let i = 0; i < n; i++) {
        const v = u[keys[i]]
        if (v !== undefined && !checks[i](v)) return false
      }
      return true
    }
  }
  if (codec instanceof t.IntersectionType) {
    const checks = (codec.types as t.Mixed[]).map(compileGuard)
    return (u) => {
      for (const check of checks) if (!check(u)) return false
      return true
    }
  }
  if (codec instanceof t.UnionType) {
    const types = codec.types as t.Mixed[]
    // `string | null`, `number | string | null`: a `typeof` lookup, not a guard a member.
    const primitives = types.map(primitiveOf)
    const nullable = types.some((type) => type instanceof t.NullType)
    if (primitives.every((p, i) => p !== undefined || types[i] instanceof t.NullType)) {
      const admitted = [...new Set(primitives.filter((p) => p !== undefined))]
      const [only] = admitted
      if (admitted.length === 1 && only !== undefined) return (nullable ? isPrimitiveOrNull : isPrimitive)[only]
      return (u) => (u === null ? nullable : admitted.includes(typeof u as 'string'))
    }
    const checks = types.map(compileGuard)
    return (u) => {
      for (const check of checks) if (check(u)) return true
      return false
    }
  }
  if (codec instanceof t.ArrayType) {
    const check = compileGuard(codec.type as t.Mixed)
    return (u) => {
      if (!Array.isArray(u)) return false
      for (const item of u) if (!check(item)) return false
      return true
    }
  }
  if (codec instanceof t.LiteralType) {
    const value = codec.value as unknown
    return (u) => u === value
  }
  const primitive = primitiveOf(codec)
  if (primitive !== undefined) return isPrimitive[primitive]
  if (codec instanceof t.NullType) return (u) => u === null
  if (codec instanceof t.AnyDictionaryType) return isRecord
  if (codec instanceof t.UnknownType) return () => true
  return (u) => codec.is(u)
}
