/**
 * The `Intercom-Version`s each resource is asked for: part of what a request is, not a transport
 * default (an app's default version may be one where the resource does not exist).
 *
 * @module
 */

/**
 * The API version List Users and the Scroll API are asked for: they exist only on 1.0 to 1.4,
 * and an app created since 2020 defaults to 2.x, where `GET /users` answers 400
 * `intercom_version_invalid`. So every request of theirs names its version.
 */
export const USERS_API_VERSION = '1.4'

/** The versions on which `/users` and `/users/scroll` exist. */
export const isUsersApiVersion = (version: string): boolean => /^1\.[0-4]$/.test(version)

/**
 * The API version the Contacts API is asked for: the newest whose behaviour this project has
 * written down (and the official Node SDK 7.x's default). On 1.x, `/contacts` is the Leads
 * resource: a listing would silently return leads alone.
 */
export const CONTACTS_API_VERSION = '2.14'

/** The versions on which `/contacts` is the Contacts API (users and leads): 2.x and Preview. */
export const isContactsApiVersion = (version: string): boolean => /^(2\.\d+|Preview)$/.test(version)
