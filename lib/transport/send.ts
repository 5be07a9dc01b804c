/**
 * The only I/O of the library: one request as a cold Observable. Nothing is sent until
 * subscribe; unsubscribing aborts the request; the timeout covers the body too.
 *
 * @module
 */
import { Observable, Subscription } from 'rxjs'
import { intercomError, isIntercomError, type IntercomError } from '../core/errors.js'
import { baseHeaders, type HttpRequest } from '../core/http-request.js'
import type { IntercomClient } from '../core/client.js'
import { errorOfAnswer } from './http-error.js'
import { parseRateLimit, type RateLimit } from './rate-limit.js'
import { BodyOverCap, readBodyCapped } from './read-body.js'
import { onAbort, reasonOf } from './abort.js'
import { afterAttempts, backoffMs, isRetryable } from './retry.js'
import { failureOf, parseJson, windowOfMessage } from './failure.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A successful answer: its parsed JSON body and its rate-limit state. */
export interface HttpResponse {
  /** The HTTP status (2xx: anything else travels the error channel as an `IntercomError`). */
  readonly status: number
  /** The URL that answered. */
  readonly url: string
  /** The parsed JSON body, not yet decoded. */
  readonly body: unknown
  /** The body's text as received. */
  readonly text: string
  /** Absent when the answer carried no (or incomplete) `X-RateLimit-*` headers. */
  readonly rateLimit?: RateLimit
}

/** What one attempt read: the answer's status, rate-limit state and body text. */
const exchange = async (client: IntercomClient, request: HttpRequest, controller: AbortController) => {
  const json = request.body === undefined ? {} : { 'Content-Type': 'application/json' }
  const response = await client.fetch(request.url, {
    method: request.method,
    headers: {
      ...baseHeaders(client.userAgent),
      ...json,
      ...request.headers,
      ...client.authorizationFor(request.url),
    },
    signal: controller.signal,
    redirect: 'manual',
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  })
  const rateLimit = parseRateLimit(response.headers)
  client.noteServerDate(response.headers.get('date'))
  // A 429 is read first: its message may tell the window's length.
  if (response.status !== 429) client.observeRateLimit(rateLimit, response.status)
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
  if (response.status === 429) client.observeRateLimit(rateLimit, 429, windowOfMessage(text))
  if (response.status < 200 || response.status > 299) {
    throw errorOfAnswer({
      status: response.status,
      url: request.url,
      body: text,
      location: response.headers.get('location'),
      ...(request.headers['Intercom-Version'] === undefined ? {} : { apiVersion: request.headers['Intercom-Version'] }),
      ...(rateLimit === undefined ? {} : { rateLimit }),
    })
  }
  const body = parseJson(text, request.url, rateLimit)
  return { status: response.status, url: request.url, body, text, ...(rateLimit === undefined ? {} : { rateLimit }) }
}

/**
 * One attempt, without the rate limiter or retries: the answer, or its failure as a tagged
 * error. The timeout covers the body; aborting `signal` aborts the request and rejects with the
 * signal's reason.
 */
const attempt = async (client: IntercomClient, request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> => {
  if (signal.aborted) throw reasonOf(signal)
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, client.timeoutMs)
  const forget = onAbort(signal, () => controller.abort())
  try {
    return await exchange(client, request, controller)
  } catch (e) {
    if (signal.aborted) throw reasonOf(signal)
    throw failureOf(client, request, e, timedOut)
  } finally {
    clearTimeout(timer)
    forget()
  }
}

/** Resolves after `ms`, or rejects with the signal's reason once it is aborted (the timer cleared). */
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      forget()
      resolve()
    }, ms)
    const forget = onAbort(signal, () => {
      clearTimeout(timer)
      reject(reasonOf(signal))
    })
  })

/** What a caller may learn of a request's attempts. */
export interface SendHooks {
  /**
   * Called before each retry with the failure that caused it. The Scroll API needs it: a
   * request whose answer was lost may have moved the server's position.
   */
  readonly onRetry?: (failure: IntercomError) => void
}

/**
 * Sends a request: through the client's rate limiter, with retries (429 after the reset; 5xx,
 * network errors and timeouts with exponential backoff and full jitter) within the client's
 * retry budget. Resolves with the {@link HttpResponse} of a 2xx answer with a JSON body, and
 * rejects with a tagged {@link IntercomError} otherwise (with `attempts` when it was retried).
 * Redirects are never followed. Aborting `signal` aborts the request, cancels every wait and
 * rejects with the signal's reason: how the page engines, async generators, send.
 */
export const sendRequest = async (
  client: IntercomClient,
  request: HttpRequest,
  signal: AbortSignal,
  hooks: SendHooks = {},
): Promise<HttpResponse> => {
  const policy = client.retry
  let waitedMs = 0
  for (let failures = 1; ; failures++) {
    const release = await client.limiter.acquire(signal)
    let failure: IntercomError
    try {
      const response = await attempt(client, request, signal)
      release(true)
      return response
    } catch (e) {
      // Only an answer's time is latency: not an abort's, a timeout's or a reset connection's.
      release(!signal.aborted && isIntercomError(e) && e.status !== undefined)
      if (signal.aborted || !isIntercomError(e)) throw e
      failure = e
    }
    if (!isRetryable(failure) || failures >= policy.maxAttempts) throw afterAttempts(failure, failures)
    // A 429 waits in the limiter until the reset; anything else backs off here.
    const waitMs =
      failure._tag === 'RateLimited' ? client.limiter.resetInMs() : backoffMs(policy, failures, Math.random)
    if (waitedMs + waitMs > policy.maxWaitMs) {
      throw afterAttempts(failure, failures, `waiting ${waitMs} ms more would pass maxWaitMs (${policy.maxWaitMs} ms)`)
    }
    waitedMs += waitMs
    client.noteRetry({
      method: request.method,
      url: request.url,
      attempt: failures,
      maxAttempts: policy.maxAttempts,
      tag: failure._tag,
      message: failure.message,
      ...(failure.status === undefined ? {} : { status: failure.status }),
      waitMs,
    })
    hooks.onRetry?.(failure)
    if (failure._tag !== 'RateLimited') await sleep(waitMs, signal)
  }
}

/**
 * {@link sendRequest} as a cold Observable: nothing is sent until subscribe; it emits one
 * {@link HttpResponse} and completes, or errors with a tagged {@link IntercomError};
 * unsubscribing aborts the request and cancels every wait.
 */
export const send = (client: IntercomClient, request: HttpRequest, hooks: SendHooks = {}): Observable<HttpResponse> =>
  new Observable<HttpResponse>((subscriber) => {
    const controller = new AbortController()
    sendRequest(client, request, controller.signal, hooks).then(
      (response) => {
        subscriber.next(response)
        subscriber.complete()
      },
      (e: unknown) => {
        if (!controller.signal.aborted) subscriber.error(e)
      },
    )
    return () => controller.abort()
  })

/**
 * The first value of `source` (a wait, a listing's first page), or the signal's reason once it
 * is aborted, which unsubscribes `source`: how a page engine, an async generator, awaits an
 * Observable.
 */
export const untilAborted = <T>(source: Observable<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(reasonOf(signal))
    const subscription = new Subscription()
    const settle = onAbort(signal, () => {
      subscription.unsubscribe()
      reject(reasonOf(signal))
    })
    let settled = false
    subscription.add(
      source.subscribe({
        next: (value) => ((settled = true), settle(), resolve(value)),
        error: (e: unknown) => (settle(), reject(e instanceof Error ? e : new Error(String(e)))),
        // Only when no value came: an Error (and its stack) is not built for every completion.
        complete: () => settled || (settle(), reject(new Error('the source completed without a value'))),
      }),
    )
  })
