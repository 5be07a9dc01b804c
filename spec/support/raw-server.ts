import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A loopback server with a handler of the spec's own, for answers the simulator never gives. */
export interface RawServer {
  readonly url: string
  readonly requests: Array<{ url: string; authorization: string | undefined; apiVersion: string | undefined }>
  close(): Promise<void>
}

export const startRawServer = async (
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RawServer> => {
  const requests: RawServer['requests'] = []
  const server = createServer((req, res) => {
    const version = req.headers['intercom-version']
    requests.push({
      url: req.url ?? '',
      authorization: req.headers.authorization,
      apiVersion: Array.isArray(version) ? version[0] : version,
    })
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/**
 * A starter of raw servers for a `describe` block: every server it started is closed after each
 * spec, whatever the spec did.
 */
export const rawServers = (): ((
  handler: (req: IncomingMessage, res: ServerResponse) => void,
) => Promise<RawServer>) => {
  const open: RawServer[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()))
  })
  return async (handler) => {
    const server = await startRawServer(handler)
    open.push(server)
    return server
  }
}
