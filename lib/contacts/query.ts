/**
 * The search language of `POST /contacts/search` as a typed value: a filter, or an AND/OR group
 * of queries. The types refuse what TypeScript can say (an operator a field's type does not
 * allow, `IN` without an array, a value of the wrong type); `validateContactQuery` (in `query-rules.ts`) checks
 * the same rules and the rest (known fields, at most 2 levels of nesting, at most 15 filters in a
 * group) at run time, naming the path in the query, before any request.
 *
 * @example
 * ```ts
 * const q = and(where('role', '=', 'user'), or(where('email', '$', '@example.com'), where('created_at', '>', 1700000000)))
 * ```
 *
 * @module
 */

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

/**
 * How search results are sorted: `order` in the words List Users takes (`asc`, `desc`), sent to
 * the search in its own (`ascending`, `descending`).
 */
export interface ContactSort {
  readonly field: SearchField
  readonly order: 'asc' | 'desc'
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

/**
 * A filter, typed by its field: `where('email', '~', 'example')`, `where('owner_id', 'IN', [1, 2])`.
 *
 * @example
 * ```ts
 * searchContacts(client, where('email', '~', 'example.com'))
 * ```
 */
export const where = <F extends SearchField, O extends FilterOf<F>['operator']>(
  field: F,
  operator: O,
  value: ValueOf<FilterOf<F>, O>,
): ContactFilter => ({ field, operator, value }) as ContactFilter

/**
 * Every one of the queries.
 *
 * @example
 * ```ts
 * searchContacts(client, and(where('role', '=', 'user'), where('created_at', '>', 1_700_000_000)))
 * ```
 */
export const and = (...queries: ReadonlyArray<ContactQuery>): ContactGroup => ({ operator: 'AND', value: queries })
/**
 * Any one of the queries.
 *
 * @example
 * ```ts
 * searchContacts(client, or(where('email', '$', '@example.com'), where('owner_id', 'IN', [1, 2])))
 * ```
 */
export const or = (...queries: ReadonlyArray<ContactQuery>): ContactGroup => ({ operator: 'OR', value: queries })
