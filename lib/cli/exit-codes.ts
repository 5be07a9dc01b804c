/**
 * The command line's exit codes, by error tag.
 *
 * @module
 */
import type { IntercomErrorTag } from '../index.js'

export const EXIT = {
  ok: 0,
  /** Unexpected failure (a bug): reported with its stack. */
  internal: 1,
  usage: 2,
  unauthorized: 3,
  http: 4,
  protocol: 5,
  /** Every record written is whole, but users were left out: the listing stopped at Intercom's cap. */
  incomplete: 6,
  /** The checkpoint does not fit this run (another request or output, an output cut short, held by another process): nothing written. */
  checkpoint: 7,
  /** The output could not be written (a full disk): said in one line. */
  output: 8,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM after writing whole records: 128 + SIGINT's 2, as shells report Ctrl-C. */
  interrupted: 130,
} as const

const BY_TAG: Readonly<Record<IntercomErrorTag, number>> = {
  InvalidParams: EXIT.usage,
  Unauthorized: EXIT.unauthorized,
  RateLimited: EXIT.http,
  HttpError: EXIT.http,
  NetworkError: EXIT.http,
  Timeout: EXIT.http,
  PageLimitReached: EXIT.http,
  ScrollExists: EXIT.http,
  ScrollExpired: EXIT.http,
  DecodeError: EXIT.protocol,
  UnsafeNextUrl: EXIT.protocol,
  PaginationLoop: EXIT.protocol,
  BodyTooLarge: EXIT.protocol,
  ScrollIncomplete: EXIT.http,
  UnsupportedApiVersion: EXIT.http,
  InvalidCursor: EXIT.usage,
}

/** The exit code for an error of this tag. */
export const exitCodeOf = (tag: IntercomErrorTag): number => BY_TAG[tag]
