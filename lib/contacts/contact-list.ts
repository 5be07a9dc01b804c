/**
 * A page of the Contacts API (`list` with `data` and cursor `pages`), of `GET /contacts` and of
 * `POST /contacts/search` alike.
 *
 * @module
 */
import * as t from 'io-ts'
import { contactCodec } from './contact.js'
import { decodeWith } from '../core/codecs/decode.js'
import { strict, tolerant, type Strength } from '../core/codecs/lenient.js'

const Count = t.Int

/**
 * Where the next page starts: `starting_after`, the opaque cursor to send back. Intercom's
 * description requires none of its fields: a `next` without a cursor (`{}`) means no more pages.
 */
export const Cursor = t.partial({ starting_after: t.union([t.string, t.null]), page: Count, per_page: Count }, 'Cursor')
export type Cursor = t.TypeOf<typeof Cursor>

/**
 * The cursor `pages` object (itself nullable, as the description allows): `next` absent, `null`,
 * without a cursor or with an empty one all mean no more pages.
 */
export const CursorPages = t.partial(
  {
    type: t.literal('pages'),
    page: Count,
    per_page: Count,
    total_pages: Count,
    next: t.union([Cursor, t.null]),
  },
  'CursorPages',
)
export type CursorPages = t.TypeOf<typeof CursorPages>

const contactListCodec = (s: Strength) =>
  t.intersection(
    [
      t.type({ type: t.literal('list'), data: t.array(contactCodec(s)) }),
      t.partial({ total_count: Count, pages: t.union([CursorPages, t.null]) }),
    ],
    'ContactList',
  )

/** A page of contacts; unknown fields are kept. */
export const ContactList = contactListCodec(tolerant)
/** The same page with every descriptive field of its documented type. */
export const StrictContactList = contactListCodec(strict)
export type ContactList = t.TypeOf<typeof ContactList>

/** Decodes a page of the Contacts API: the fast strict check, else a path-precise error or warnings. */
export const decodeContactList = decodeWith(StrictContactList, ContactList, 'A page of the Contacts API')
