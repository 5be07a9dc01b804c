/**
 * Reads a response body as text without ever holding more than a cap: a hostile or broken
 * server cannot make the client buffer an endless body.
 *
 * @module
 */

/** What the transport needs of a fetch response's body. */
export interface BodySource {
  readonly body?: unknown
  readonly headers: { get(name: string): string | null }
  text(): Promise<string>
}

interface ReaderLike {
  read(): Promise<{ done: boolean; value?: Uint8Array }>
  cancel(reason?: unknown): Promise<void>
}

const hasReader = (b: unknown): b is { getReader(): ReaderLike } =>
  typeof (b as { getReader?: unknown } | null)?.getReader === 'function'

const isAsyncIterable = (b: unknown): b is AsyncIterable<Uint8Array | string> =>
  typeof (b as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function'

/** Thrown (and mapped to `BodyTooLarge` by the transport) when a body passes the cap. */
export class BodyOverCap extends Error {
  constructor(readonly bytes: number) {
    super(`body over ${bytes} bytes`)
  }
}

async function* chunksOf(body: unknown): AsyncGenerator<Uint8Array | string> {
  if (hasReader(body)) {
    const reader = body.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        if (value !== undefined) yield value
      }
    } finally {
      void reader.cancel().catch(() => undefined)
    }
  } else if (isAsyncIterable(body)) {
    yield* body
  }
}

/** Whether the body arrives as it is sent: no `Content-Encoding`, or `identity`. */
const isIdentity = (encoding: string | null): boolean =>
  encoding === null || encoding.trim() === '' || encoding.trim().toLowerCase() === 'identity'

/**
 * The body as text, or a rejection with {@link BodyOverCap} as soon as more than `maxBytes`
 * arrived (or `Content-Length` announces more). The cap counts the bytes after decoding: a
 * compressed body's `Content-Length` says nothing of what it inflates to, so such a body is
 * read chunk by chunk and dropped the moment it passes the cap.
 */
export const readBodyCapped = async (response: BodySource, maxBytes: number): Promise<string> => {
  const announced = Number(response.headers.get('content-length') ?? Number.NaN)
  const identity = isIdentity(response.headers.get('content-encoding'))
  if (identity && announced > maxBytes) throw new BodyOverCap(maxBytes)
  // A length announced within the cap on an uncompressed body: the runtime's own reading is
  // the fastest, and the runtime stops at Content-Length.
  if (identity && announced <= maxBytes) return response.text()
  const body = response.body
  if (!hasReader(body) && !isAsyncIterable(body)) {
    const text = await response.text()
    if (text.length > maxBytes) throw new BodyOverCap(maxBytes)
    return text
  }
  const chunks: Uint8Array[] = []
  let bytes = 0
  for await (const chunk of chunksOf(body)) {
    const data = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk
    bytes += data.byteLength
    if (bytes > maxBytes) {
      const destroy = (body as { destroy?: unknown }).destroy
      if (typeof destroy === 'function') destroy.call(body)
      throw new BodyOverCap(maxBytes)
    }
    chunks.push(data)
  }
  // One decode of the whole body: cheaper than decoding chunk by chunk.
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0])
  const whole = new Uint8Array(bytes)
  let at = 0
  for (const chunk of chunks) {
    whole.set(chunk, at)
    at += chunk.byteLength
  }
  return new TextDecoder().decode(whole)
}
