/**
 * A codec's `is`, compiled once into plain closures: the same answer as io-ts's `is`, without
 * its per-call overhead, for the one check every well-formed page goes through. Types it does
 * not know (refinements, brands, custom types) keep their own `is`.
 *
 * @module
 */
import * as t from 'io-ts'

type Guard = (u: unknown) => boolean

/** io-ts's own test for `UnknownRecord`. */
const isRecord = (u: unknown): u is Record<string, unknown> => Object.prototype.toString.call(u) === '[object Object]'

const fields = (props: t.Props): Array<readonly [string, Guard]> =>
  Object.keys(props).map((k) => [k, compileGuard(props[k])] as const)

/** A guard with the same answers as `codec.is`. */
export const compileGuard = (codec: t.Mixed): Guard => {
  if (codec instanceof t.InterfaceType) {
    const checks = fields(codec.props as t.Props)
    return (u) => {
      if (!isRecord(u)) return false
      for (const [k, check] of checks) if (!check(u[k])) return false
      return true
    }
  }
  if (codec instanceof t.PartialType) {
    const checks = fields(codec.props as t.Props)
    return (u) => {
      if (!isRecord(u)) return false
      for (const [k, check] of checks) {
        const v = u[k]
        if (v !== undefined && !check(v)) return false
      }
      return true
    }
  }
  if (codec instanceof t.IntersectionType) {
    const checks = (codec.types as t.Mixed[]).map(compileGuard)
    return (u) => checks.every((check) => check(u))
  }
  if (codec instanceof t.UnionType) {
    const checks = (codec.types as t.Mixed[]).map(compileGuard)
    return (u) => checks.some((check) => check(u))
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
  if (codec instanceof t.StringType) return (u) => typeof u === 'string'
  if (codec instanceof t.NumberType) return (u) => typeof u === 'number'
  if (codec instanceof t.BooleanType) return (u) => typeof u === 'boolean'
  if (codec instanceof t.NullType) return (u) => u === null
  if (codec instanceof t.AnyDictionaryType) return isRecord
  if (codec instanceof t.UnknownType) return () => true
  return (u) => codec.is(u)
}
