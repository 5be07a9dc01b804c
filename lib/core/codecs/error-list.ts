/**
 * Intercom's error body (`error.list`).
 *
 * @module
 */
import * as t from 'io-ts'

/** One error of an `error.list`. */
export const ErrorItem = t.intersection(
  [t.type({ code: t.string }), t.partial({ message: t.union([t.string, t.null]) })],
  'ErrorItem',
)
export type ErrorItem = t.TypeOf<typeof ErrorItem>

/** `{"type":"error.list","request_id":...,"errors":[{"code":...,"message":...}]}` */
export const ErrorList = t.intersection(
  [
    t.type({ type: t.literal('error.list'), errors: t.array(ErrorItem) }),
    t.partial({ request_id: t.union([t.string, t.null]) }),
  ],
  'ErrorList',
)
export type ErrorList = t.TypeOf<typeof ErrorList>
