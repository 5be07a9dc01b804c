/**
 * `intercom-users [list]`: its flags parsed and checked, users of List Users, the Scroll API or both.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { DEFAULT_PAGE_CAP, validateParams } from '../pages.js'
import type { Command, ReadMode } from './command.js'
import { DEFAULT_FIELDS } from './fields.js'
import {
  FOLLOW_OPTIONS,
  negativeValues,
  OUTPUT_OPTIONS,
  outputAndConnection,
  parseFollow,
  wholeNumbers,
} from './flags.js'

const LIST_OPTIONS = {
  ...FOLLOW_OPTIONS,
  ...OUTPUT_OPTIONS,
  email: { type: 'string' },
  phone: { type: 'string' },
  sort: { type: 'string' },
  order: { type: 'string' },
  'created-since': { type: 'string' },
  page: { type: 'string' },
  'per-page': { type: 'string' },
  limit: { type: 'string' },
  concurrency: { type: 'string' },
  'api-version': { type: 'string' },
  scroll: { type: 'boolean' },
  all: { type: 'boolean' },
  version: { type: 'boolean' },
} as const

/** The library's name of a listing parameter, as the command line spells it. */
const FLAG_OF: Readonly<Record<string, string>> = {
  page: '--page',
  perPage: '--per-page',
  order: '--order',
  sort: '--sort',
  createdSince: '--created-since',
  email: '--email',
  phone: '--phone',
}

/** The flags that choose the whole listing, which an `--email` or `--phone` filter takes not. */
const WHOLE_LISTING = ['order', 'sort', 'createdSince'] as const

/**
 * The listing's parameters checked by the library's own rules before anything is sent, the
 * violation said in the command line's words (`--per-page`, not `perPage`); undefined when fine.
 */
const checkParams = (params: Record<string, unknown>, mode: ReadMode): string | undefined => {
  const filter = params['email'] !== undefined ? 'email' : params['phone'] !== undefined ? 'phone' : undefined
  if (params['email'] !== undefined && params['phone'] !== undefined)
    return '--email and --phone cannot be combined; list by one or the other'
  const whole = WHOLE_LISTING.find((name) => params[name] !== undefined)
  if (filter !== undefined && whole !== undefined)
    return (
      `${FLAG_OF[whole]} works only when listing all users, not with --${filter}; ` +
      `remove ${FLAG_OF[whole]} or the --${filter} filter`
    )
  const query = validateParams(params)
  if (E.isLeft(query)) {
    const { param = 'params', reason = query.left.message } = query.left
    return `${FLAG_OF[param] ?? param} ${reason}`
  }
  const { page, perPage } = query.right
  // No request within the cap serves its first user.
  if (mode === 'list' && (page - 1) * perPage >= DEFAULT_PAGE_CAP) {
    return (
      `--page ${page} at --per-page ${perPage} starts past Intercom's cap of ${DEFAULT_PAGE_CAP.toLocaleString('en')} users ` +
      'on page iteration; read every user with --all or --scroll (without --page)'
    )
  }
  return undefined
}

export const parseList = (args: ReadonlyArray<string>): E.Either<string, Command> => {
  const { values, positionals } = parseArgs({
    args: negativeValues(args, LIST_OPTIONS),
    options: LIST_OPTIONS,
    strict: true,
    allowPositionals: true,
  })
  if (values.help === true) return E.right({ command: 'help', topic: 'list' })
  if (values.version === true) return E.right({ command: 'version' })
  if (positionals.length > 0) return E.left(`unexpected argument ${JSON.stringify(positionals[0])}`)
  if (values.scroll === true && values.all === true)
    return E.left('--scroll and --all cannot be combined; --all scrolls when it must')
  const mode: ReadMode = values.scroll === true ? 'scroll' : values.all === true ? 'all' : 'list'
  if (mode === 'scroll') {
    const filters = ['email', 'phone', 'sort', 'order', 'created-since', 'page', 'per-page'] as const
    const given = filters.filter((f) => values[f] !== undefined)
    if (given.length > 0)
      return E.left(`--scroll takes no filters (the Scroll API has none); drop --${given.join(', --')}`)
  }
  // --all reads every user; starting at a page would leave the ones before it out.
  if (mode === 'all' && values.page !== undefined)
    return E.left('--all reads every user and takes no --page; drop --page, or list from a page without --all')
  const concurrency = values.concurrency
  if (concurrency !== undefined && concurrency !== 'auto' && !/^[1-9]\d*$/.test(concurrency))
    return E.left(`--concurrency takes auto or a whole number from 1, got ${JSON.stringify(concurrency)}`)
  const numbers = wholeNumbers({
    createdSince: ['created-since', values['created-since'], 0],
    page: ['page', values.page, 1],
    perPage: ['per-page', values['per-page'], 1],
    limit: ['limit', values.limit, 1],
    maxRetries: ['max-retries', values['max-retries'], 0],
    concurrency: ['concurrency', values.concurrency === 'auto' ? undefined : values.concurrency, 1],
  })
  if (E.isLeft(numbers)) return numbers
  const value = (k: keyof typeof numbers.right): number | undefined => numbers.right[k]
  const apiVersion = values['api-version']
  if (apiVersion !== undefined && !/^1\.[0-4]$/.test(apiVersion))
    return E.left(
      `--api-version takes 1.0, 1.1, 1.2, 1.3 or 1.4 (List Users exists only on 1.x), got ${JSON.stringify(apiVersion)}`,
    )
  const shared = outputAndConnection(values, DEFAULT_FIELDS)
  if (E.isLeft(shared)) return shared
  const followed = parseFollow(values, {
    conflicting: (
      ['email', 'phone', 'sort', 'order', 'created-since', 'page', 'all', 'scroll', 'limit'] as const
    ).filter((f) => values[f] !== undefined),
    exportable: true,
    reconcilable: false,
  })
  if (E.isLeft(followed)) return followed
  const params: Record<string, unknown> = Object.fromEntries(
    Object.entries({
      email: values.email,
      phone: values.phone,
      sort: values.sort,
      order: values.order,
      createdSince: value('createdSince'),
      page: value('page'),
      perPage: value('perPage'),
    }).filter(([, v]) => v !== undefined),
  )
  const checked = checkParams(params, mode)
  if (checked !== undefined) return E.left(checked)
  return E.right({
    command: 'list',
    mode,
    params,
    limit: value('limit'),
    ...shared.right,
    maxRetries: value('maxRetries'),
    concurrency: value('concurrency') ?? 'auto',
    apiVersion,
    progress: values['no-progress'] !== true,
    ...followed.right,
  })
}
