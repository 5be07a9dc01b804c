/**
 * A page of the Scroll API (`user.list` with `scroll_param`, no `pages`).
 *
 * @module
 */
import * as t from 'io-ts'
import { decodeWith } from '../core/codecs/decode.js'
import { strict, tolerant, type Strength } from '../core/codecs/lenient.js'
import { NonEmptyString } from '../core/codecs/lenient.js'
import { userCodec } from './user.js'

const scrollListCodec = (s: Strength) =>
  t.type({ type: t.literal('user.list'), users: t.array(userCodec(s)), scroll_param: NonEmptyString }, 'ScrollList')

/** A scroll page; an empty `users` marks the end of the scroll. */
export const ScrollList = scrollListCodec(tolerant)
/** The same page with every descriptive field of its documented type. */
export const StrictScrollList = scrollListCodec(strict)
export type ScrollList = t.TypeOf<typeof ScrollList>

/** Decodes a page of the Scroll API, as {@link decodeUserList} does for List Users. */
export const decodeScrollList = decodeWith(StrictScrollList, ScrollList, 'A page of the Scroll API')
