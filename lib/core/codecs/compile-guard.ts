/**
 * A codec's `is`, compiled once into one plain function a struct: the same answer as io-ts's
 * `is`, without its per-call overhead, for the one check every well-formed page goes through.
 * Each field is read by its name in straight-line code (`u["email"]`), which the engine can
 * inline; types it does not know (refinements, brands, custom types) keep their own `is`.
 * Where code cannot be compiled at run time (a page whose Content-Security-Policy forbids
 * `new Function`), the codec's own `is` answers.
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

/** The `typeof` a type of a single primitive type admits, if it is one. */
const primitiveOf = (codec: t.Mixed): 'string' | 'number' | 'boolean' | undefined =>
  codec instanceof t.StringType
    ? 'string'
    : codec instanceof t.NumberType
      ? 'number'
      : codec instanceof t.BooleanType
        ? 'boolean'
        : undefined

/** What the compiler has written so far: one function a struct or array, and the values the code refers to. */
interface Unit {
  readonly functions: string[]
  /** Guards of types the compiler does not know, and literal values, as `ext[i]`. */
  readonly ext: unknown[]
}

const external = (unit: Unit, value: unknown): string => `ext[${unit.ext.push(value) - 1}]`

/** A JavaScript expression that is true when the value in the variable `v` is a `codec`. */
const test = (unit: Unit, codec: t.Mixed, v: string): string => {
  const primitive = primitiveOf(codec)
  if (primitive !== undefined) return `typeof ${v} === "${primitive}"`
  if (codec instanceof t.NullType) return `${v} === null`
  if (codec instanceof t.UnknownType) return 'true'
  if (codec instanceof t.AnyDictionaryType) return `isRecord(${v})`
  if (codec instanceof t.LiteralType) {
    const value = codec.value as unknown
    return `${v} === ${typeof value === 'string' ? JSON.stringify(value) : external(unit, value)}`
  }
  if (codec instanceof t.UnionType) return `(${(codec.types as t.Mixed[]).map((c) => test(unit, c, v)).join(' || ')})`
  if (codec instanceof t.IntersectionType)
    return `(${(codec.types as t.Mixed[]).map((c) => test(unit, c, v)).join(' && ')})`
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType || codec instanceof t.ArrayType)
    return `${compound(unit, codec)}(${v})`
  return `${external(unit, (u: unknown) => codec.is(u))}(${v})`
}

/** Writes the function of a struct (`t.type`, `t.partial`) or an array, and returns its name. */
const compound = (unit: Unit, codec: t.InterfaceType<t.Props> | t.PartialType<t.Props> | t.ArrayType<t.Mixed>) => {
  // Its place is taken first: the functions of its fields are written while its body is.
  const index = unit.functions.push('') - 1
  const name = `f${index}`
  let body: string
  if (codec instanceof t.ArrayType) {
    body = [
      'if (!Array.isArray(u)) return false',
      `for (let i = 0; i < u.length; i++) { const v = u[i]; if (!(${test(unit, codec.type, 'v')})) return false }`,
    ].join('\n')
  } else {
    const optional = codec instanceof t.PartialType
    const props = codec.props
    body = [
      'if (!isRecord(u)) return false',
      'let v',
      ...Object.keys(props).map(
        (key) =>
          `v = u[${JSON.stringify(key)}]; if (${optional ? 'v !== undefined && ' : ''}!(${test(unit, props[key], 'v')})) return false`,
      ),
    ].join('\n')
  }
  unit.functions[index] = `function ${name}(u) {\n${body}\nreturn true\n}`
  return name
}

/** A guard with the same answers as `codec.is`. */
export const compileGuard = (codec: t.Mixed): Guard => {
  const unit: Unit = { functions: [], ext: [] }
  const root = test(unit, codec, 'u')
  const source = `${unit.functions.join('\n')}\nreturn (u) => ${root}`
  try {
    // Code written above from the codec's own shape: keys and literals as JSON strings, nothing from a page.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const compile = new Function('isRecord', 'ext', source) as (r: typeof isRecord, ext: unknown[]) => Guard
    return compile(isRecord, unit.ext)
  } catch {
    return (u) => codec.is(u)
  }
}
