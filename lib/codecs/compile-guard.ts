/**
 * A codec's `is`, compiled once into plain closures: the same answer as io-ts's `is`, without
 * its per-call overhead, for the one check every well-formed page goes through. Types it does
 * not know (refinements, brands, custom types) keep their own `is`.
 *
 * @module
 */
import * as t from 'io-ts'

type Guard = (u: unknown) => boolean

/** io-ts's own test for `UnknownRecord`; a plain object (what JSON.parse makes) answers without building a tag. */
const isRecord = (u: unknown): u is Record<string, unknown> =>
  (typeof u === 'object' &&
    u !== null &&
    Object.getPrototypeOf(u) === Object.prototype &&
    !(Symbol.toStringTag in u)) ||
  Object.prototype.toString.call(u) === '[object Object]'

/** The props' names and guards, in two arrays walked by index: the hot loop of a page's check. */
const fields = (props: t.Props): { readonly keys: string[]; readonly checks: Guard[] } => {
  const keys = Object.keys(props)
  return { keys, checks: keys.map((k) => compileGuard(props[k])) }
}

/** Whether every guard passes. */
const all =
  (checks: ReadonlyArray<Guard>): Guard =>
  (u) => {
    for (let i = 0; i < checks.length; i++) if (!checks[i](u)) return false
    return true
  }

/** A guard with the same answers as `codec.is`. */
export const compileGuard = (codec: t.Mixed): Guard => {
  if (codec instanceof t.InterfaceType) {
    const { keys, checks } = fields(codec.props as t.Props)
    return (u) => {
      if (!isRecord(u)) return false
      for (let i = 0; i < keys.length; i++) if (!checks[i](u[keys[i]])) return false
      return true
    }
  }
  if (codec instanceof t.PartialType) {
    const { keys, checks } = fields(codec.props as t.Props)
    return (u) => {
      if (!isRecord(u)) return false
      for (let i = 0; i < keys.length; i++) {
        const v = u[keys[i]]
        if (v !== undefined && !checks[i](v)) return false
      }
      return true
    }
  }
  if (codec instanceof t.IntersectionType) {
    return all((codec.types as t.Mixed[]).map(compileGuard))
  }
  if (codec instanceof t.UnionType) {
    const checks = (codec.types as t.Mixed[]).map(compileGuard)
    return (u) => {
      for (let i = 0; i < checks.length; i++) if (checks[i](u)) return true
      return false
    }
  }
  if (codec instanceof t.ArrayType) {
    const check = compileGuard(codec.type as t.Mixed)
    return (u) => {
      if (!Array.isArray(u)) return false
      for (let i = 0; i < u.length; i++) if (!check(u[i])) return false
      return true
    }
  }
  if (codec instanceof t.LiteralType) {
    const value = codec.value as unknown
    return (u) => u === value
  }
  if (codec instanceof t.StringType) return (u) => typeof u === 'string'
  if (codec instanceof t.NumberType) return (u) => typeof u === 'number'
  if (codec instanceof t.BooleanType) return (u) => typeof u === 'boolean'
  if (codec instanceof t.NullType) return (u) => u === null
  if (codec instanceof t.AnyDictionaryType) return isRecord
  if (codec instanceof t.UnknownType) return () => true
  return (u) => codec.is(u)
}
