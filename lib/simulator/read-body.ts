/**
 * A request's JSON body, read with a bound: a body over {@link MAX_BODY_BYTES} is answered 413
 * without being read whole or parsed.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { errorList } from './list-users.js'

/** The largest request body read (a search's query is at most 64 KiB from this library). */
export const MAX_BODY_BYTES = 262_144

/** Reads `req`'s body and calls `then` with its JSON (`undefined` when it is not JSON), or answers 413. */
export const readJsonBody = (req: IncomingMessage, res: ServerResponse, then: (body: unknown) => void): void => {
  const tooLarge = (): void => {
    req.removeAllListeners('data')
    req.resume()
    res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' })
    res.end(
      JSON.stringify(
        errorList(
          'request_too_large',
          `The body is over ${MAX_BODY_BYTES} bytes`,
          '00000000-0000-4000-8000-000000000000',
        ),
      ),
    )
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge()
  const chunks: Buffer[] = []
  let bytes = 0
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length
    if (bytes > MAX_BODY_BYTES) return tooLarge()
    chunks.push(chunk)
  })
  req.on('end', () => {
    if (bytes > MAX_BODY_BYTES) return
    let body: unknown
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      body = undefined
    }
    then(body)
  })
}
