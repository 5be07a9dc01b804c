/**
 * The only I/O of the library: one request as a cold Observable. Nothing is sent until
 * subscribe; unsubscribing aborts the request; the timeout covers the body too.
 *
 * @module
 */
import { Observable } from 'rxjs'
import { intercomError, isIntercomError, type IntercomError } from '../errors.js'
import { baseHeaders, type HttpRequest } from '../request.js'
import type { IntercomClient } from './client.js'
import { errorOfAnswer } from './http-error.js'
import { parseRateLimit, type RateLimit } from './rate-limit.js'
import { BodyOverCap, readBodyCapped } from './read-body.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A successful answer: its parsed JSON body and its rate-limit state. */
export interface HttpResponse {
  readonly status: number
  readonly url: string
  readonly body: unknown
  /** Absent when the answer carried no (or incomplete) `X-RateLimit-*` headers. */
  readonly rateLimit?: RateLimit
}

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const causeText = (e: unknown): string => {
  const err = e as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } }
  const code = err.cause?.code ?? err.code
  const message = err.cause?.message ?? err.message
  return [typeof code === 'string' ? code : '', typeof message === 'string' ? message : String(e)]
    .filter((s) => s.length > 0)
    .join(': ')
}

const parseJson = (text: string, url: string, rateLimit: RateLimit | undefined): unknown => {
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

/**
 * Sends one request. Emits one {@link HttpResponse} for a 2xx answer with a JSON body, and
 * errors with a tagged {@link IntercomError} otherwise. Redirects are never followed.
 */
export const send = (client: IntercomClient, request: HttpRequest): Observable<HttpResponse> =>
  new Observable<HttpResponse>((subscriber) => {
    const controller = new AbortController()
    let timedOut = false
    let settled = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, client.timeoutMs)

    const fail = (error: IntercomError): void => {
      settled = true
      subscriber.error(error)
    }

    const run = async (): Promise<void> => {
      const response = await client.fetch(request.url, {
        method: request.method,
        headers: { ...baseHeaders(client.userAgent), ...request.headers, ...client.authorizationFor(request.url) },
        signal: controller.signal,
        redirect: 'manual',
      })
      const rateLimit = parseRateLimit(response.headers)
      client.observeRateLimit(rateLimit)
      const text = await readBodyCapped(response, client.maxBodyBytes).catch((e: unknown) => {
        if (e instanceof BodyOverCap) {
          controller.abort()
          throw intercomError(
            'BodyTooLarge',
            `The answer from ${request.url} is larger than ${client.maxBodyBytes} bytes and was not read further. ` +
              'Raise maxBodyBytes if the server is trusted.',
            { url: request.url, status: response.status, ...(rateLimit === undefined ? {} : { rateLimit }) },
          )
        }
        throw e
      })
      if (response.status < 200 || response.status > 299) {
        throw errorOfAnswer({
          status: response.status,
          url: request.url,
          body: text,
          location: response.headers.get('location'),
          ...(rateLimit === undefined ? {} : { rateLimit }),
        })
      }
      const body = parseJson(text, request.url, rateLimit)
      settled = true
      subscriber.next({
        status: response.status,
        url: request.url,
        body,
        ...(rateLimit === undefined ? {} : { rateLimit }),
      })
      subscriber.complete()
    }

    run()
      .catch((e: unknown) => {
        if (subscriber.closed) return
        if (isIntercomError(e)) {
          fail(e)
        } else if (timedOut) {
          fail(
            intercomError(
              'Timeout',
              `No complete answer from ${request.url} within ${client.timeoutMs} ms. ` +
                'The server is slow or unreachable; raise timeoutMs or try again.',
              { url: request.url, cause: e },
            ),
          )
        } else {
          fail(
            intercomError(
              'NetworkError',
              `The request to ${request.url} failed before an answer arrived (${causeText(e)}). ` +
                'Check the network and the base URL, then try again.',
              { url: request.url, cause: e },
            ),
          )
        }
      })
      .finally(() => clearTimeout(timer))

    return () => {
      clearTimeout(timer)
      if (!settled) controller.abort()
    }
  })
