/**
 * The rules of `POST /contacts/search`'s query, checked at run time for callers from JavaScript
 * (the types of `query.ts` refuse what TypeScript can say): known fields, the operators of each
 * field's type, values of that type, at most 2 levels of nesting, at most 15 filters in a group.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  invalidParams,
  isRecord,
  isUnixSeconds,
  MAX_UNIX_SECONDS,
  showValue,
  type Checked,
  type Rules,
} from '../core/validate.js'
import type { ContactQuery, ContactSort } from './query.js'

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

/** Intercom's limit on levels of groups: the top one and one inside it. */
export const MAX_NESTING = 2
/** Intercom's limit on filters in one group. */
export const MAX_GROUP_FILTERS = 15

/** The most filters in a whole query: 16 groups of 15 (a bound of this library's; Intercom does not publish one). */
export const MAX_QUERY_FILTERS = 240
/** The largest query, as JSON: 64 KiB. */
export const MAX_QUERY_BYTES = 65_536

/** The type of a searchable field, which decides its operators. */
export type Kind = 'string' | 'integer' | 'boolean' | 'date' | 'reference' | 'custom'

const KINDS: Readonly<Record<string, Kind>> = {
  ...Object.fromEntries(
    [
      'id',
      'role',
      'name',
      'avatar',
      'email',
      'email_domain',
      'phone',
      'external_id',
      'language_override',
      'browser',
      'browser_language',
      'os',
      'location.country',
      'location.region',
      'location.city',
    ].map((f) => [f, 'string']),
  ),
  owner_id: 'integer',
  ...Object.fromEntries(
    ['unsubscribed_from_emails', 'marked_email_as_spam', 'has_hard_bounced'].map((f) => [f, 'boolean']),
  ),
  ...Object.fromEntries(
    [
      'created_at',
      'signed_up_at',
      'updated_at',
      'last_seen_at',
      'last_contacted_at',
      'last_replied_at',
      'last_email_opened_at',
      'last_email_clicked_at',
    ].map((f) => [f, 'date']),
  ),
  tag_id: 'reference',
  segment_id: 'reference',
}

/** The kind of a field, or undefined when it is not searchable. */
export const kindOf = (field: string): Kind | undefined =>
  (Object.prototype.hasOwnProperty.call(KINDS, field) ? KINDS[field] : undefined) ??
  (/^(ios|android)_[a-z_]+$/.test(field) ? 'string' : /^custom_attributes\.\S+$/.test(field) ? 'custom' : undefined)

/** The operators a field of each kind allows. */
export const OPERATORS: Readonly<Record<Kind, ReadonlyArray<string>>> = {
  string: ['=', '!=', '~', '!~', '^', '$', 'IN', 'NIN'],
  integer: ['=', '!=', '<', '>', '<=', '>=', 'IN', 'NIN'],
  boolean: ['=', '!=', 'IN', 'NIN'],
  date: ['=', '<', '>'],
  reference: ['=', '!='],
  custom: ['=', '!=', '~', '!~', '^', '$', '<', '>', '<=', '>=', 'IN', 'NIN'],
}

/** What a value of a field of each kind must be. */
const VALUE: Rules<Kind> = {
  string: { allowed: 'a string', test: (u) => typeof u === 'string' },
  integer: { allowed: 'an integer', test: (u) => Number.isInteger(u) },
  boolean: { allowed: 'a boolean', test: (u) => typeof u === 'boolean' },
  date: {
    allowed: `Unix seconds (an integer from 0 to ${MAX_UNIX_SECONDS})`,
    test: isUnixSeconds,
  },
  reference: { allowed: 'an id (a string)', test: (u) => typeof u === 'string' },
  custom: { allowed: 'a string, number or boolean', test: (u) => ['string', 'number', 'boolean'].includes(typeof u) },
}

const KIND_NAME: Readonly<Record<Kind, string>> = {
  string: 'a string',
  integer: 'an integer',
  boolean: 'a boolean',
  date: 'a date',
  reference: 'an id',
  custom: 'a custom attribute',
}

/** What is wrong at `path`, or undefined. */
const check = (u: unknown, path: string, depth: number): { path: string; reason: string } | undefined => {
  if (!isRecord(u)) return { path, reason: `must be a filter or a group, got ${showValue(u)}` }
  if (u['operator'] === 'AND' || u['operator'] === 'OR') {
    if (depth + 1 > MAX_NESTING)
      return { path, reason: `nests ${depth + 1} levels deep; Intercom allows at most ${MAX_NESTING} levels of groups` }
    const members = u['value']
    if (!Array.isArray(members) || members.length === 0)
      return { path: `${path}.value`, reason: 'a group must hold a non-empty array of queries' }
    const filters = members.filter((m) => !(isRecord(m) && (m['operator'] === 'AND' || m['operator'] === 'OR')))
    if (filters.length > MAX_GROUP_FILTERS)
      return {
        path: `${path}.value`,
        reason: `holds ${filters.length} filters; Intercom allows at most ${MAX_GROUP_FILTERS} in one group`,
      }
    for (const [i, member] of members.entries()) {
      const wrong = check(member, `${path}.value[${i}]`, depth + 1)
      if (wrong !== undefined) return wrong
    }
    return undefined
  }
  const field = u['field']
  if (typeof field !== 'string')
    return { path: `${path}.field`, reason: `must be a field name, got ${showValue(field)}` }
  const kind = kindOf(field)
  if (kind === undefined)
    return {
      path: `${path}.field`,
      reason: `'${field}' is not a searchable field (see the Contacts docs; custom attributes are 'custom_attributes.<name>')`,
    }
  const operator = u['operator']
  if (typeof operator !== 'string' || !OPERATORS[kind].includes(operator))
    return {
      path: `${path}.operator`,
      reason:
        `${showValue(operator)} is not allowed on ${field} (${KIND_NAME[kind]}); allowed: ${OPERATORS[kind].join(' ')}` +
        (kind === 'date' && operator === '<=' ? "; write '<=' as or(where(f, '<', t), where(f, '=', t))" : '') +
        (kind === 'date' && operator === '>=' ? "; write '>=' as or(where(f, '>', t), where(f, '=', t))" : ''),
    }
  const value = u['value']
  if (operator === 'IN' || operator === 'NIN') {
    if (!Array.isArray(value) || value.length === 0)
      return { path: `${path}.value`, reason: `${operator} takes a non-empty array, got ${showValue(value)}` }
    const bad = value.findIndex((v) => !VALUE[kind].test(v))
    return bad < 0
      ? undefined
      : { path: `${path}.value[${bad}]`, reason: `must be ${VALUE[kind].allowed}, got ${showValue(value[bad])}` }
  }
  return VALUE[kind].test(value)
    ? undefined
    : { path: `${path}.value`, reason: `must be ${VALUE[kind].allowed}, got ${showValue(value)}` }
}

/** Filters in a query, groups' members counted through (a bounded walk: nesting is checked after). */
const filtersIn = (u: unknown, depth = 0): number =>
  isRecord(u) &&
  (u['operator'] === 'AND' || u['operator'] === 'OR') &&
  Array.isArray(u['value']) &&
  depth <= MAX_NESTING
    ? u['value'].reduce<number>((n, m) => n + filtersIn(m, depth + 1), 0)
    : 1

/** Whether the whole query is within bounds, before its parts are checked. */
const checkSize = (u: unknown): { path: string; reason: string } | undefined => {
  const filters = filtersIn(u)
  if (filters > MAX_QUERY_FILTERS)
    return {
      path: 'query',
      reason: `holds ${filters} filters; this library sends at most ${MAX_QUERY_FILTERS} in one search`,
    }
  const bytes = JSON.stringify(u ?? null).length
  return bytes > MAX_QUERY_BYTES
    ? { path: 'query', reason: `is ${bytes} bytes as JSON; this library sends at most ${MAX_QUERY_BYTES}` }
    : undefined
}

/** The sort's fault, or undefined. */
const checkSort = (u: unknown): { path: string; reason: string } | undefined => {
  if (u === undefined) return undefined
  if (!isRecord(u)) return { path: 'sort', reason: `must be { field, order }, got ${showValue(u)}` }
  if (typeof u['field'] !== 'string' || kindOf(u['field']) === undefined)
    return { path: 'sort.field', reason: `${showValue(u['field'])} is not a searchable field` }
  if (u['order'] !== 'asc' && u['order'] !== 'desc')
    return {
      path: 'sort.order',
      reason: `must be 'asc' or 'desc' (sent to Intercom as ascending or descending), got ${showValue(u['order'])}`,
    }
  return undefined
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * Checks a query (and a sort) against the rules of `POST /contacts/search`: the first fault is an
 * `InvalidParams` error naming its path (`query.value[1].operator`) and the reason. Pure.
 *
 * @example
 * ```ts
 * const checked = validateContactQuery(JSON.parse('{"field":"role","operator":"=","value":"user"}'))
 * if (checked._tag === 'Left') console.error(checked.left.message)
 * ```
 */
export const validateContactQuery = (
  query: unknown,
  sort?: unknown,
): Checked<{ readonly query: ContactQuery; readonly sort: ContactSort | undefined }> => {
  const wrong = checkSize(query) ?? check(query, 'query', 0) ?? checkSort(sort)
  if (wrong !== undefined)
    return E.left(
      invalidParams(wrong.path, `The search ${wrong.path} ${wrong.reason}. No request was sent.`, wrong.reason),
    )
  return E.right({ query: query as ContactQuery, sort: sort as ContactSort | undefined })
}
