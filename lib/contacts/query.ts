/**
 * The search language of `POST /contacts/search` as a typed value: a filter, or an AND/OR group
 * of queries. The types refuse what TypeScript can say (an operator a field's type does not
 * allow, `IN` without an array, a value of the wrong type); {@link validateContactQuery} checks
 * the same rules and the rest (known fields, at most 2 levels of nesting, at most 15 filters in a
 * group) at run time, naming the path in the query, before any request.
 *
 * @example
 * const q = and(where('role', '=', 'user'), or(where('email', '$', '@example.com'), where('created_at', '>', 1700000000)))
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { intercomError, type IntercomError } from '../core/errors.js'
import { showValue } from '../users/params.js'

/** Fields of string type. */
export type StringField =
  | 'id'
  | 'role'
  | 'name'
  | 'avatar'
  | 'email'
  | 'email_domain'
  | 'phone'
  | 'external_id'
  | 'language_override'
  | 'browser'
  | 'browser_language'
  | 'os'
  | 'location.country'
  | 'location.region'
  | 'location.city'
  | `ios_${string}`
  | `android_${string}`
/** Fields of integer type. */
export type IntegerField = 'owner_id'
/** Fields of boolean type. */
export type BooleanField = 'unsubscribed_from_emails' | 'marked_email_as_spam' | 'has_hard_bounced'
/** Dates (Unix seconds): matched by calendar day in the workspace's time zone on 2.x. */
export type DateField =
  | 'created_at'
  | 'signed_up_at'
  | 'updated_at'
  | 'last_seen_at'
  | 'last_contacted_at'
  | 'last_replied_at'
  | 'last_email_opened_at'
  | 'last_email_clicked_at'
/** Ids of a contact's tags and segments: `=` and `!=` only. */
export type ReferenceField = 'tag_id' | 'segment_id'
/** A custom attribute: its type is the value's. */
export type CustomField = `custom_attributes.${string}`
/** Every searchable field. */
export type SearchField = StringField | IntegerField | BooleanField | DateField | ReferenceField | CustomField

/** Operators of strings: equal, not equal, contains, does not contain, starts with, ends with. */
export type StringOperator = '=' | '!=' | '~' | '!~' | '^' | '$'
/** Operators of integers. */
export type IntegerOperator = '=' | '!=' | '<' | '>' | '<=' | '>='
/** Operators of dates: `<=` must be written as `or(where(f, '<', t), where(f, '=', t))`. */
export type DateOperator = '=' | '<' | '>'
/** Membership: the value is an array. */
export type ListOperator = 'IN' | 'NIN'
/** Every filter operator. */
export type FilterOperator = StringOperator | IntegerOperator | ListOperator

/** A filter: one field, one operator, one value of the field's type (an array for `IN`/`NIN`). */
export type ContactFilter =
  | { readonly field: StringField; readonly operator: StringOperator; readonly value: string }
  | { readonly field: IntegerField; readonly operator: IntegerOperator; readonly value: number }
  | { readonly field: BooleanField; readonly operator: '=' | '!='; readonly value: boolean }
  | { readonly field: StringField; readonly operator: ListOperator; readonly value: ReadonlyArray<string> }
  | { readonly field: IntegerField; readonly operator: ListOperator; readonly value: ReadonlyArray<number> }
  | { readonly field: BooleanField; readonly operator: ListOperator; readonly value: ReadonlyArray<boolean> }
  | { readonly field: DateField; readonly operator: DateOperator; readonly value: number }
  | { readonly field: ReferenceField; readonly operator: '=' | '!='; readonly value: string }
  | {
      readonly field: CustomField
      readonly operator: FilterOperator
      readonly value: string | number | boolean | ReadonlyArray<string | number | boolean>
    }

/** A group: every query (`AND`) or any (`OR`) of its queries. */
export interface ContactGroup {
  readonly operator: 'AND' | 'OR'
  readonly value: ReadonlyArray<ContactQuery>
}

/** A search query: a filter or a group. */
export type ContactQuery = ContactFilter | ContactGroup

/** How search results are sorted. */
export interface ContactSort {
  readonly field: SearchField
  readonly order: 'ascending' | 'descending'
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The filters whose field type `F` belongs to. */
export type FilterOf<F extends SearchField, Q = ContactFilter> = Q extends { readonly field: infer G }
  ? F extends G
    ? Q
    : never
  : never

/** The value a filter of those takes with operator `O`. */
export type ValueOf<Q, O> = Q extends { readonly operator: infer P; readonly value: infer V }
  ? O extends P
    ? V
    : never
  : never

/** A filter, typed by its field: `where('email', '~', 'example')`, `where('owner_id', 'IN', [1, 2])`. */
export const where = <F extends SearchField, O extends FilterOf<F>['operator']>(
  field: F,
  operator: O,
  value: ValueOf<FilterOf<F>, O>,
): ContactFilter => ({ field, operator, value }) as ContactFilter

/** Every one of the queries. */
export const and = (...queries: ReadonlyArray<ContactQuery>): ContactGroup => ({ operator: 'AND', value: queries })
/** Any one of the queries. */
export const or = (...queries: ReadonlyArray<ContactQuery>): ContactGroup => ({ operator: 'OR', value: queries })

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

/** Intercom's limit on levels of groups: the top one and one inside it. */
export const MAX_NESTING = 2
/** Intercom's limit on filters in one group. */
export const MAX_GROUP_FILTERS = 15

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
  KINDS[field] ??
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

const SCALAR: Readonly<Record<Kind, (u: unknown) => boolean>> = {
  string: (u) => typeof u === 'string',
  integer: (u) => Number.isInteger(u),
  boolean: (u) => typeof u === 'boolean',
  date: (u) => Number.isInteger(u),
  reference: (u) => typeof u === 'string',
  custom: (u) => ['string', 'number', 'boolean'].includes(typeof u),
}

const TYPE_NAME: Readonly<Record<Kind, string>> = {
  string: 'a string',
  integer: 'an integer',
  boolean: 'a boolean',
  date: 'Unix seconds (an integer)',
  reference: 'an id (a string)',
  custom: 'a string, number or boolean',
}

const KIND_NAME: Readonly<Record<Kind, string>> = {
  string: 'a string',
  integer: 'an integer',
  boolean: 'a boolean',
  date: 'a date',
  reference: 'an id',
  custom: 'a custom attribute',
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

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
    const bad = value.findIndex((v) => !SCALAR[kind](v))
    return bad < 0
      ? undefined
      : { path: `${path}.value[${bad}]`, reason: `must be ${TYPE_NAME[kind]}, got ${showValue(value[bad])}` }
  }
  return SCALAR[kind](value)
    ? undefined
    : { path: `${path}.value`, reason: `must be ${TYPE_NAME[kind]}, got ${showValue(value)}` }
}

/** The sort's fault, or undefined. */
const checkSort = (u: unknown): { path: string; reason: string } | undefined => {
  if (u === undefined) return undefined
  if (!isRecord(u)) return { path: 'sort', reason: `must be { field, order }, got ${showValue(u)}` }
  if (typeof u['field'] !== 'string' || kindOf(u['field']) === undefined)
    return { path: 'sort.field', reason: `${showValue(u['field'])} is not a searchable field` }
  if (u['order'] !== 'ascending' && u['order'] !== 'descending')
    return { path: 'sort.order', reason: `must be 'ascending' or 'descending', got ${showValue(u['order'])}` }
  return undefined
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * Checks a query (and a sort) against the rules of `POST /contacts/search`: the first fault is an
 * `InvalidParams` error naming its path (`query.value[1].operator`) and the reason. Pure.
 */
export const validateContactQuery = (
  query: unknown,
  sort?: unknown,
): E.Either<
  IntercomError<'InvalidParams'>,
  { readonly query: ContactQuery; readonly sort: ContactSort | undefined }
> => {
  const wrong = check(query, 'query', 0) ?? checkSort(sort)
  if (wrong !== undefined)
    return E.left(
      intercomError('InvalidParams', `The search ${wrong.path} ${wrong.reason}. No request was sent.`, {
        param: wrong.path,
      }),
    )
  return E.right({ query: query as ContactQuery, sort: sort as ContactSort | undefined })
}
