/**
 * What an attempt that failed becomes: a tagged error with the URL, the token redacted from
 * whatever server or network text it quotes, and what to do.
 *
 * @module
 */
import { detailsOf, intercomError, isIntercomError, type IntercomError } from '../core/errors.js'
import type { HttpRequest } from '../core/http-request.js'
import type { IntercomClient } from '../core/client.js'
import type { RateLimit } from './rate-limit.js'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

export const causeText = (e: unknown): string => {
  const err = e as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } }
  const code = err.cause?.code ?? err.code
  const message = err.cause?.message ?? err.message
  return [typeof code === 'string' ? code : '', typeof message === 'string' ? message : String(e)]
    .filter((s) => s.length > 0)
    .join(': ')
}

export const parseJson = (text: string, url: string, rateLimit: RateLimit | undefined): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text
    throw intercomError(
      'DecodeError',
      `The answer from ${url} is not valid JSON (${text.length} characters: ${JSON.stringify(shown)}). ` +
        "The response was cut short or the base URL is not Intercom's API.",
      { url, ...(rateLimit === undefined ? {} : { rateLimit }) },
    )
  }
}

// -------------------------------------------------------------------------------------
// transport
// -------------------------------------------------------------------------------------

/** The window a 429 names (`Exceeded rate limit of 83 in 10_seconds`), in ms. */
export const windowOfMessage = (text: string): number | undefined => {
  const seconds = /rate limit of \d+ in (\d+(?:\.\d+)?)_seconds/.exec(text)?.[1]
  return seconds === undefined ? undefined : Number(seconds) * 1000
}

/**
 * The error with the token replaced wherever server-supplied or network text put it (an error
 * body or a proxy's page that echoes the `Authorization` header).
 */
export const redacted = (client: IntercomClient, e: IntercomError): IntercomError => {
  const message = client.redact(e.message)
  const code = e.code === undefined ? undefined : client.redact(e.code)
  if (message === e.message && code === e.code) return e
  return intercomError(e._tag, message, {
    ...detailsOf(e),
    ...(code === undefined ? {} : { code }),
    ...(e.requestId === undefined ? {} : { requestId: client.redact(e.requestId) }),
  })
}

/** The failure of an attempt that threw `e`, as the tagged error a caller sees. */
export const failureOf = (client: IntercomClient, request: HttpRequest, e: unknown, timedOut: boolean): IntercomError =>
  redacted(
    client,
    isIntercomError(e)
      ? e
      : timedOut
        ? intercomError(
            'Timeout',
            `No complete answer from ${request.url} within ${client.timeoutMs} ms. ` +
              'The server is slow or unreachable; raise timeoutMs or try again.',
            { url: request.url, cause: e },
          )
        : intercomError(
            'NetworkError',
            `The request to ${request.url} failed before an answer arrived (${causeText(e)}). ` +
              'Check the network and the base URL, then try again.',
            { url: request.url, cause: e },
          ),
  )
