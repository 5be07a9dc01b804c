/**
 * `intercom-users contacts`: its flags parsed and checked, a listing or a search of the Contacts API.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import type { ContactQuery, ContactSort } from '../index.js'
import { MAX_CONTACTS_PER_PAGE, validateContactQuery } from '../pages.js'
import type { Command } from './command.js'
import { DEFAULT_CONTACT_FIELDS } from './fields.js'
import {
  FOLLOW_OPTIONS,
  negativeValues,
  OUTPUT_OPTIONS,
  outputAndConnection,
  parseFollow,
  wholeNumbers,
} from './flags.js'

const CONTACTS_OPTIONS = {
  ...FOLLOW_OPTIONS,
  ...OUTPUT_OPTIONS,
  role: { type: 'string' },
  query: { type: 'string' },
  'query-file': { type: 'string' },
  sort: { type: 'string' },
  'per-page': { type: 'string' },
  limit: { type: 'string' },
  sequential: { type: 'boolean' },
} as const

/** `--sort updated_at:desc`: a search's sort, or a message. */
const parseSort = (raw: string | undefined): E.Either<string, ContactSort | undefined> => {
  if (raw === undefined) return E.right(undefined)
  const [field = '', order = 'asc'] = raw.split(':')
  if (order !== 'asc' && order !== 'desc')
    return E.left(`--sort takes FIELD or FIELD:asc or FIELD:desc, got ${JSON.stringify(raw)}`)
  const sort = { field, order } as ContactSort
  const checked = validateContactQuery({ field: 'id', operator: '=', value: 'x' }, sort)
  return E.isLeft(checked) ? E.left(`--sort: ${checked.left.reason ?? checked.left.message}`) : E.right(sort)
}

/** `--query JSON`: the query checked, or a message with its path and the reason. */
export const parseQuery = (text: string, flag: string): E.Either<string, ContactQuery> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return E.left(`${flag} is not JSON (${e instanceof Error ? e.message : String(e)})`)
  }
  const checked = validateContactQuery(json)
  return E.isLeft(checked)
    ? E.left(`${flag}: ${checked.left.param ?? 'query'} ${checked.left.reason ?? checked.left.message}`)
    : E.right(checked.right.query)
}

export const parseContacts = (args: ReadonlyArray<string>): E.Either<string, Command> => {
  const { values, positionals } = parseArgs({
    args: negativeValues(args, CONTACTS_OPTIONS),
    options: CONTACTS_OPTIONS,
    strict: true,
    allowPositionals: true,
  })
  if (values.help === true) return E.right({ command: 'help', topic: 'contacts' })
  if (positionals.length > 0) return E.left(`unexpected argument ${JSON.stringify(positionals[0])}`)
  const role = values.role
  if (role !== undefined && role !== 'user' && role !== 'lead')
    return E.left(`--role takes user or lead, got ${JSON.stringify(role)}`)
  if (values.query !== undefined && values['query-file'] !== undefined)
    return E.left('--query and --query-file cannot be combined; pass one')
  if (values.sort !== undefined && values.query === undefined && values['query-file'] === undefined)
    return E.left("--sort orders a search; pass --query or --query-file too (a listing is in the API's own order)")
  const followed = parseFollow(values, {
    conflicting: (['query', 'query-file', 'sort'] as const).filter((f) => values[f] !== undefined),
    exportable: values.query === undefined && values['query-file'] === undefined,
    reconcilable: true,
  })
  if (E.isLeft(followed)) return followed
  const query = values.query === undefined ? E.right(undefined) : parseQuery(values.query, '--query')
  if (E.isLeft(query)) return query
  const sort = parseSort(values.sort)
  if (E.isLeft(sort)) return sort
  const numbers = wholeNumbers({
    perPage: ['per-page', values['per-page'], 1],
    limit: ['limit', values.limit, 1],
    maxRetries: ['max-retries', values['max-retries'], 0],
  })
  if (E.isLeft(numbers)) return numbers
  const perPage = numbers.right.perPage
  if (perPage !== undefined && perPage > MAX_CONTACTS_PER_PAGE)
    return E.left(`--per-page takes a whole number from 1 to ${MAX_CONTACTS_PER_PAGE}, got ${perPage}`)
  const shared = outputAndConnection(values, DEFAULT_CONTACT_FIELDS)
  if (E.isLeft(shared)) return shared
  return E.right({
    command: 'list',
    mode: 'contacts',
    params: perPage === undefined ? {} : { perPage },
    limit: numbers.right.limit,
    maxRetries: numbers.right.maxRetries,
    concurrency: 1,
    apiVersion: undefined,
    progress: values['no-progress'] !== true,
    ...shared.right,
    contacts: {
      role,
      query: query.right,
      queryFile: values['query-file'],
      sort: sort.right,
      // The parallel export is the default; a search, a page size, --follow or --sequential read by a cursor.
      sequential:
        values.sequential === true ||
        perPage !== undefined ||
        values.follow === true ||
        values.query !== undefined ||
        values['query-file'] !== undefined,
    },
    ...followed.right,
  })
}
