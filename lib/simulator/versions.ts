/**
 * Intercom's API versions as the simulator honours them: the `Intercom-Version` header of a
 * request, else the app's default. `/users` and `/users/scroll` exist only on 1.0 to 1.4; on 2.x
 * Intercom answers 400 `intercom_version_invalid`, and a version it does not know gets the same.
 *
 * @module
 */
import { errorList, type Answer } from './list-users.js'
import type { SimContact } from './seed-contacts.js'

/** The default of an app created since 2020, and of the simulator. */
export const DEFAULT_APP_API_VERSION = '2.14'

const USERS_VERSIONS = /^1\.[0-4]$/
const KNOWN_VERSIONS = /^(1\.[0-4]|2\.(\d|1[0-6])|Preview|Unstable)$/

/**
 * Whether a version is one Intercom knows.
 *
 * @example
 * ```ts
 * isKnownApiVersion('2.14') // true
 * isKnownApiVersion('3.0') // false
 * ```
 */
export const isKnownApiVersion = (version: string): boolean => KNOWN_VERSIONS.test(version)

/** The answer a request gets for its version alone, or `undefined` when the version serves the path. */
export const versionAnswer = (version: string, path: string, requestId: string): Answer | undefined => {
  if (!isKnownApiVersion(version)) {
    return {
      status: 400,
      body: errorList('intercom_version_invalid', `Intercom-Version ${version} is not a valid API version`, requestId),
    }
  }
  if ((path === '/users' || path === '/users/scroll') && !USERS_VERSIONS.test(version)) {
    return {
      status: 400,
      body: errorList(
        'intercom_version_invalid',
        'Requested resource is not available in current API version',
        requestId,
      ),
    }
  }
  return undefined
}

/** Whether a version is one of 1.0 to 1.4, where `/users` exists and `/contacts` means leads. */
export const isUsersApiVersionSim = (version: string): boolean => USERS_VERSIONS.test(version)

/**
 * `GET /contacts` on 1.x: the Leads resource (a `contact.list` of leads with URL `next`s), what
 * a Contacts client that forgets its version gets instead of every contact. One page of up to 50.
 */
export const leadsAnswer = (contacts: ReadonlyArray<SimContact>, url: URL, origin: string): Answer => {
  const perPage = 50
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
  const leads = contacts.filter((c) => c.role === 'lead')
  const totalPages = Math.max(1, Math.ceil(leads.length / perPage))
  return {
    status: 200,
    body: {
      type: 'contact.list',
      contacts: leads.slice((page - 1) * perPage, page * perPage).map((c) => ({ ...c, type: 'contact' })),
      total_count: leads.length,
      pages: {
        type: 'pages',
        page,
        per_page: perPage,
        total_pages: totalPages,
        next: page < totalPages ? `${origin}/contacts?page=${page + 1}&per_page=${perPage}` : null,
      },
    },
  }
}
