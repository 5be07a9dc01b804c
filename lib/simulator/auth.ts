/**
 * Who may ask: the token, as Bearer (or as the old SDKs' Basic user name), and the request's headers.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'

/** Whether an `Authorization` header carries the token. */
export const isAuthorized = (header: string | undefined, token: string): boolean => {
  if (header === undefined) return false
  // One scheme and one credential: `Bearer <token> extra` is not the token.
  const parts = header.split(' ')
  if (parts.length !== 2) return false
  const [scheme, value = ''] = parts
  if (scheme?.toLowerCase() === 'bearer') return value === token
  if (scheme?.toLowerCase() === 'basic') {
    const [user, password = ''] = Buffer.from(value, 'base64').toString('utf8').split(':', 2)
    return user === token && password === ''
  }
  return false
}

export const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}
