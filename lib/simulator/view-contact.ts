/**
 * `GET /contacts/{id}` (2.x): the contact; 404 when there is none. From 2.16 on, a lead merged
 * into a user answers 410 Gone with a `Link` to the user it went into, as Intercom documents.
 *
 * @module
 */
import { errorList, type Answer } from './list-users.js'
import type { SimContact } from './seed-contacts.js'

/** Whether an API version is 2.16 or later (Preview and Unstable included). */
const mergesAnswerGone = (version: string): boolean => {
  const minor = /^2\.(\d+)$/.exec(version)?.[1]
  return minor === undefined ? /^(Preview|Unstable)$/.test(version) : Number(minor) >= 16
}

/** The answer for the contact `id`. */
export const viewContactAnswer = (
  contacts: ReadonlyArray<SimContact>,
  merged: ReadonlyMap<string, string>,
  id: string,
  version: string,
  origin: string,
  requestId: string,
): Answer => {
  const contact = contacts.find((c) => c.id === id)
  if (contact !== undefined) return { status: 200, body: contact }
  const into = merged.get(id)
  if (into !== undefined && mergesAnswerGone(version))
    return {
      status: 410,
      body: errorList('contact_merged', `Contact ${id} was merged into ${into}`, requestId),
      headers: { Link: `<${origin}/contacts/${into}>; rel="merged"` },
    }
  return { status: 404, body: errorList('not_found', 'User Not Found', requestId) }
}
