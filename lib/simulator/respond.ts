/**
 * Writes a simulator reply to the socket, faults included: what a proxy, a flaky network or
 * a stalled backend would send.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** What to send. */
export type Reply =
  | {
      readonly kind: 'json'
      readonly status: number
      readonly body: unknown
      readonly headers?: Record<string, string>
    }
  | { readonly kind: 'text'; readonly status: number; readonly contentType: string; readonly text: string }
  | { readonly kind: 'resetBeforeBody' }
  | { readonly kind: 'resetMidBody'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'stall' }

/** Sends a reply with the given headers (the rate-limit state, unless a fault dropped it). */
export const respond = (
  req: IncomingMessage,
  res: ServerResponse,
  reply: Reply,
  headers: Record<string, string>,
): void => {
  switch (reply.kind) {
    case 'resetBeforeBody':
      req.socket.destroy()
      return
    case 'stall':
      // Nothing is written; the client's timeout ends it (the connection closes with the client).
      return
    case 'resetMidBody': {
      const body = JSON.stringify(reply.body)
      res.writeHead(reply.status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        ...headers,
      })
      res.write(body.slice(0, Math.floor(body.length / 2)), () => req.socket.destroy())
      return
    }
    case 'json':
    case 'text': {
      const text = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.text
      res.writeHead(reply.status, {
        'Content-Type': reply.kind === 'json' ? 'application/json; charset=utf-8' : reply.contentType,
        'Content-Length': Buffer.byteLength(text),
        ...headers,
        ...(reply.kind === 'json' ? reply.headers : {}),
      })
      res.end(text)
    }
  }
}
