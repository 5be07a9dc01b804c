/**
 * How a scroll that cannot finish says so: each failure of the scroll engine, worded once.
 *
 * @module
 */
import { intercomError, type IntercomError } from '../core/errors.js'

/** A scroll that could not be completed within its passes; `last` is the latest failure. */
export const scrollNotCompleted = (
  maxPasses: number,
  emitted: number,
  last: IntercomError,
): IntercomError<'ScrollExpired' | 'ScrollIncomplete'> =>
  intercomError(
    last._tag === 'ScrollExpired' ? 'ScrollExpired' : 'ScrollIncomplete',
    `The scroll could not be completed in ${maxPasses} passes (${emitted} users emitted; last failure: ${last.message}). ` +
      'Raise maxPasses, or try again later.',
    { attempts: maxPasses, ...(last.status === undefined ? {} : { status: last.status }) },
  )

/** A pass that ended with stretches where users may have been lost. */
export const scrollGapsOpen = (gaps: number, pass: number): IntercomError<'ScrollIncomplete'> =>
  intercomError('ScrollIncomplete', `${gaps} stretches of the scroll may have been lost in pass ${pass}`)

/** A scroll that keeps serving users already emitted. */
export const scrollRepeats = (
  received: number,
  distinct: number,
  pass: number,
  url: string,
): IntercomError<'PaginationLoop'> =>
  intercomError(
    'PaginationLoop',
    `The scroll served ${received} users in pass ${pass}, but only ${distinct} distinct ones so far: ` +
      'it keeps returning users already emitted, so it stops instead of reading forever.',
    { url },
  )

/** Another scroll held the app's lock past the budget. */
export const scrollLockHeld = (
  lockWaitMs: number,
  attempts: number,
  status: number | undefined,
): IntercomError<'ScrollExists'> =>
  intercomError(
    'ScrollExists',
    `Another scroll held this app's scroll lock for over ${lockWaitMs} ms. Intercom allows one scroll at a ` +
      'time and releases an unused one after a minute; stop the other export or raise lockWaitMs.',
    { attempts, ...(status === undefined ? {} : { status }) },
  )
