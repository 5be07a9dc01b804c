import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib'
import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import { createClient, listUsers } from '../../lib/index.js'
import { failureOf } from '../support/failure.js'
import { someUsers, userListBody } from '../support/pages.js'
import { rawServers } from '../support/raw-server.js'
import { FAST_RETRY } from '../support/simulator.js'

const TOKEN = 'tok_body'
const MiB = 1024 * 1024

/** Samples the process's resident memory until stopped; returns the peak above the start, in MiB. */
const rssPeak = (): (() => number) => {
  const start = process.memoryUsage().rss
  let peak = start
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2)
  return () => {
    clearInterval(timer)
    peak = Math.max(peak, process.memoryUsage().rss)
    return (peak - start) / MiB
  }
}

describe('response bodies', () => {
  const rawServer = rawServers()

  // A JSON page padded with 200 MiB of spaces: 204 KB on the wire as gzip.
  const inflated = 200 * MiB
  const bomb = Buffer.concat([Buffer.from('{"type":"user.list","users":[],"pad":"'), Buffer.alloc(inflated, 0x20)])
  const encodings = {
    gzip: () => gzipSync(bomb, { level: 9 }),
    deflate: () => deflateSync(bomb, { level: 9 }),
    br: () => brotliCompressSync(bomb, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }),
  }
  for (const [encoding, compress] of Object.entries(encodings)) {
    it(`a ${encoding} body that inflates past maxBodyBytes is BodyTooLarge at once, not retried, memory near the cap`, async function () {
      this.timeout(60_000)
      const wire = compress()
      const server = await rawServer((_req, res) => {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Encoding': encoding,
          'Content-Length': wire.byteLength,
        })
        res.end(wire)
      })
      const client = createClient({ token: TOKEN, baseUrl: server.url, retry: FAST_RETRY, maxBodyBytes: 4 * MiB })
      const peak = rssPeak()
      const error = await failureOf(listUsers(client))
      const peakMiB = peak()
      console.log(`      ${encoding}: ${wire.byteLength} bytes on the wire, RSS peak +${peakMiB.toFixed(1)} MiB`)
      expect(error._tag).to.equal('BodyTooLarge')
      expect(error.message).to.contain(`larger than ${4 * MiB} bytes`)
      expect(server.requests).to.have.length(1)
      // The whole body would be 200 MiB (400 MiB as a string); reading stops a few chunks past 4 MiB.
      expect(peakMiB).to.be.below(100)
    })
  }

  it('a compressed body within the cap is read and decoded', async () => {
    const server = await rawServer((_req, res) => {
      const wire = gzipSync(Buffer.from(userListBody(someUsers(3), 1, 50, 1, null)))
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        'Content-Length': wire.byteLength,
      })
      res.end(wire)
    })
    const client = createClient({ token: TOKEN, baseUrl: server.url })
    expect(await lastValueFrom(listUsers(client).pipe(toArray()))).to.have.length(3)
  })

  it('a connection closed before Content-Length arrived fails at once and is retried, far within the timeout', async () => {
    let n = 0
    const server = await rawServer((req, res) => {
      n += 1
      const body = userListBody(someUsers(3), 1, 50, 1, null)
      if (n <= 3) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
        res.write(body.slice(0, 20), () => req.socket.destroy())
        return
      }
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(body)
    })
    // A timeout of 30 s (the default): three resets noticed only by it would take 90 s.
    const client = createClient({ token: TOKEN, baseUrl: server.url, retry: FAST_RETRY, timeoutMs: 30_000 })
    const started = Date.now()
    const users = await lastValueFrom(listUsers(client).pipe(toArray()))
    expect(users).to.have.length(3)
    expect(server.requests).to.have.length(4)
    expect(Date.now() - started).to.be.below(15_000)
  })

  it('a cut body that is not retried any more says NetworkError, not Timeout', async () => {
    const server = await rawServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 1000 })
      res.write('{"type":"user.list"', () => req.socket.destroy())
    })
    const client = createClient({ token: TOKEN, baseUrl: server.url, retry: { ...FAST_RETRY, maxAttempts: 2 } })
    const error = await failureOf(listUsers(client))
    expect(error._tag).to.equal('NetworkError')
    expect(error.attempts).to.equal(2)
  })
})
