/**
 * The flags every reading command shares (the output, the connection, `--follow` and `--checkpoint`), and the helpers each subcommand's parser uses.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { FollowSpec, ListCommand } from './command.js'
import { parseFields } from './fields.js'
import { FORMATS, type OutputFormat } from './format.js'
import { MAX_UNIX_SECONDS } from '../pages.js'

export const FOLLOW_OPTIONS = {
  follow: { type: 'boolean' },
  since: { type: 'string' },
  checkpoint: { type: 'string' },
  every: { type: 'string' },
  lag: { type: 'string' },
  reconcile: { type: 'string' },
} as const

/** The flags of the output and the connection, which every reading command takes. */
export const OUTPUT_OPTIONS = {
  'base-url': { type: 'string' },
  'token-file': { type: 'string' },
  token: { type: 'string' },
  format: { type: 'string', short: 'f' },
  fields: { type: 'string' },
  'max-retries': { type: 'string' },
  timeout: { type: 'string' },
  'rate-share': { type: 'string' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** The longest `--every` and `--lag`: a day. */
const MAX_FOLLOW_SECONDS = 86_400

/** The longest timeout a timer can hold: 2^31 - 1 ms, about 24.8 days (2,147,483 s). */
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000)

/** A whole number from the command line, or a message naming the flag and the value. */
const wholeNumber = (flag: string, raw: string | undefined, min: number): E.Either<string, number | undefined> => {
  if (raw === undefined) return E.right(undefined)
  return /^\d+$/.test(raw.trim()) && Number(raw) >= min && Number.isSafeInteger(Number(raw))
    ? E.right(Number(raw))
    : E.left(`--${flag} takes a whole number >= ${min}, got ${JSON.stringify(raw)}`)
}

/** Whole numbers of several flags, `[flag, raw, min]` by name: their values, or the first flag's message. */
export const wholeNumbers = <K extends string>(
  specs: Readonly<Record<K, readonly [string, string | undefined, number]>>,
): E.Either<string, Readonly<Record<K, number | undefined>>> => {
  const values: Partial<Record<K, number | undefined>> = {}
  for (const key of Object.keys(specs) as K[]) {
    const [flag, raw, min] = specs[key]
    const n = wholeNumber(flag, raw, min)
    if (E.isLeft(n)) return n
    values[key] = n.right
  }
  return E.right(values as Record<K, number | undefined>)
}

const isFormat = (s: string): s is OutputFormat => (FORMATS as ReadonlyArray<string>).includes(s)

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 }

/** `--since` as Unix seconds at `now` (a date, Unix seconds, or a duration back), or undefined when it is none. */
export const sinceOf = (raw: string, now: number): number | undefined => {
  const within = (seconds: number): number | undefined =>
    Number.isSafeInteger(seconds) && seconds >= 0 && seconds <= MAX_UNIX_SECONDS ? seconds : undefined
  if (/^\d+$/.test(raw)) return within(Number(raw))
  const back = /^(\d+)([smhd])$/.exec(raw)
  if (back !== null) return within(now - Number(back[1]) * (UNIT_SECONDS[back[2] ?? 's'] ?? 1))
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw)
  if (day === null) return undefined
  const at = Date.parse(raw)
  if (Number.isNaN(at)) return undefined
  // Date.parse rolls 2026-02-30 over to March 2: a date is real when its day reads back the same.
  const [, y, m, d] = day.map(Number)
  const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 0))
  const real = date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d
  return real ? within(Math.floor(at / 1000)) : undefined
}

/** The flags of `--follow` and `--checkpoint`, checked: `conflicting` are flags given that a change stream takes not. */
export const parseFollow = (
  values: {
    readonly follow?: boolean | undefined
    readonly since?: string | undefined
    readonly checkpoint?: string | undefined
    readonly every?: string | undefined
    readonly lag?: string | undefined
    readonly reconcile?: string | undefined
    readonly format?: string | undefined
  },
  rules: {
    readonly conflicting: ReadonlyArray<string>
    readonly exportable: boolean
    /** Whether `--reconcile` is known (contacts: the Contacts API can look a contact up). */
    readonly reconcilable: boolean
  },
): E.Either<string, { readonly follow?: FollowSpec; readonly checkpoint?: string }> => {
  const follow = values.follow === true
  if (values.reconcile !== undefined && !rules.reconcilable)
    return E.left('--reconcile goes with contacts --follow (deletions are looked up on the Contacts API)')
  const followOnly = (['since', 'every', 'lag', 'reconcile'] as const).filter((f) => values[f] !== undefined)
  if (!follow && followOnly.length > 0)
    return E.left(`--${followOnly.join(', --')} ${followOnly.length === 1 ? 'goes' : 'go'} with --follow`)
  if (follow && rules.conflicting.length > 0)
    return E.left(`--follow writes every change; it takes no --${rules.conflicting.join(', --')}`)
  if (values.checkpoint !== undefined && (!(follow || rules.exportable) || (values.format ?? 'ndjson') !== 'ndjson'))
    return E.left(
      follow || rules.exportable
        ? '--checkpoint resumes an NDJSON output; it takes no other --format'
        : '--checkpoint resumes --follow or an export (no --query: a search is no export)',
    )
  if (follow && values.since === undefined && values.checkpoint === undefined)
    return E.left('--follow needs a start: --since (2026-11-01, a Unix time, or 7d) or a --checkpoint file')
  if (values.since !== undefined && sinceOf(values.since, MAX_UNIX_SECONDS) === undefined)
    return E.left(
      `--since takes a date (2026-11-01), a Unix time in seconds, or a duration back (30m, 12h, 7d), got ${JSON.stringify(values.since)}`,
    )
  const seconds = (flag: 'every' | 'lag' | 'reconcile', min: number): E.Either<string, number | undefined> => {
    const raw = values[flag]
    if (raw === undefined) return E.right(undefined)
    return /^\d+(\.\d+)?$/.test(raw) && Number(raw) >= min && Number(raw) <= MAX_FOLLOW_SECONDS
      ? E.right(Number(raw))
      : E.left(
          `--${flag} takes a number of seconds${min > 0 ? ' > 0' : ''} and at most ${MAX_FOLLOW_SECONDS} (a day), got ${JSON.stringify(raw)}`,
        )
  }
  const every = seconds('every', 0.001)
  if (E.isLeft(every)) return every
  const lag = seconds('lag', 0)
  if (E.isLeft(lag)) return lag
  const reconcile = seconds('reconcile', 1)
  if (E.isLeft(reconcile)) return reconcile
  return E.right({
    ...(follow
      ? {
          follow: {
            since: values.since,
            everyMs: every.right === undefined ? undefined : Math.round(every.right * 1000),
            lagSeconds: lag.right,
            reconcileMs: reconcile.right === undefined ? undefined : Math.round(reconcile.right * 1000),
          },
        }
      : {}),
    ...(values.checkpoint === undefined ? {} : { checkpoint: values.checkpoint }),
  })
}

/** The flags every reading command shares: the output and the connection. */
export const outputAndConnection = (
  values: {
    readonly format?: string | undefined
    readonly fields?: string | undefined
    readonly token?: string | undefined
    readonly 'token-file'?: string | undefined
    readonly 'base-url'?: string | undefined
    readonly timeout?: string | undefined
    readonly 'rate-share'?: string | undefined
  },
  defaultFields: string,
): E.Either<
  string,
  Pick<ListCommand, 'format' | 'fields' | 'token' | 'tokenFile' | 'baseUrl' | 'timeoutMs' | 'rateShare'>
> => {
  const share = values['rate-share']
  if (share !== undefined && !(/^(0?\.\d+|1(\.0*)?)$/.test(share) && Number(share) > 0))
    return E.left(
      `--rate-share takes the share of each rate-limit window to spend, more than 0 and at most 1 (0.5: half), got ${JSON.stringify(share)}`,
    )
  const timeout = values.timeout
  if (
    timeout !== undefined &&
    !(/^\d+(\.\d+)?$/.test(timeout) && Number(timeout) > 0 && Number(timeout) <= MAX_TIMEOUT_SECONDS)
  ) {
    return E.left(
      `--timeout takes a number of seconds > 0 and at most ${MAX_TIMEOUT_SECONDS} (the longest a timer holds), got ${JSON.stringify(timeout)}`,
    )
  }
  const format = values.format ?? 'ndjson'
  if (!isFormat(format)) return E.left(`--format takes ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`)
  const fieldList = values.fields ?? (format === 'csv' || format === 'table' ? defaultFields : undefined)
  const fields = fieldList === undefined ? E.right(undefined) : parseFields(fieldList)
  if (E.isLeft(fields)) return fields
  if (values.token !== undefined && values['token-file'] !== undefined)
    return E.left('--token and --token-file cannot be combined; pass one')
  return E.right({
    format,
    fields: fields.right,
    token: values.token,
    tokenFile: values['token-file'],
    baseUrl: values['base-url'],
    timeoutMs: timeout === undefined ? undefined : Math.round(Number(timeout) * 1000),
    rateShare: share === undefined ? undefined : Number(share),
  })
}

/**
 * `--limit -1` as `--limit=-1`: parseArgs takes a value that starts with a dash for another flag,
 * and the number's own check then says what is allowed.
 */
export const negativeValues = (
  args: ReadonlyArray<string>,
  options: Readonly<Record<string, { type: string }>>,
): string[] => {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    const next = args[i + 1]
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`)
      i += 1
    } else out.push(arg)
  }
  return out
}

/** parseArgs's failure in one line of ours: what was wrong and what is allowed. */
export const parseArgsMessage = (e: unknown): string => {
  const error = e as { code?: string; message?: string }
  const quoted = /'([^']+)'/.exec(error.message ?? '')?.[1] ?? ''
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted}`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // "Option '--help' does not take an argument"; else a value is missing or looks like a flag.
      return /does not take/.test(error.message ?? '')
        ? `${quoted} takes no value`
        : `${quoted.replace(/ <value>$/, '')} takes a value`
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted}`
    default:
      return String(error.message ?? e).replace(/\.$/, '')
  }
}
