/**
 * A page of List Users (`user.list` with `pages`).
 *
 * @module
 */
import * as t from 'io-ts'
import { decodeWith } from '../core/codecs/decode.js'
import { strict, tolerant, type Strength } from '../core/codecs/lenient.js'
import { userCodec } from './user.js'

const Count = t.Int

/** The `pages` object: where this page stands and the URL of the next one. */
export const Pages = t.intersection(
  [
    t.type({ page: Count, per_page: Count, total_pages: Count }),
    // `next` absent and `next: null` both mean: no more pages.
    t.partial({ type: t.literal('pages'), next: t.union([t.string, t.null]) }),
  ],
  'Pages',
)
export type Pages = t.TypeOf<typeof Pages>

const userListCodec = (s: Strength) =>
  t.intersection(
    [
      t.type({ type: t.literal('user.list'), users: t.array(userCodec(s)), pages: Pages }),
      t.partial({ total_count: Count, limited: t.boolean }),
    ],
    'UserList',
  )

/** A page of users; unknown fields are kept. */
export const UserList = userListCodec(tolerant)
/** The same page with every descriptive field of its documented type. */
export const StrictUserList = userListCodec(strict)
export type UserList = t.TypeOf<typeof UserList>

/** Decodes a page of List Users: the fast strict check, else a path-precise error or warnings. */
export const decodeUserList = decodeWith(StrictUserList, UserList, 'A page of List Users')
