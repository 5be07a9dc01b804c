/**
 * The contact object of the Contacts API (2.x): users and leads in one resource. Strict where
 * the library depends on a field (`type`, `id`, `role`), tolerant where a descriptive field's type
 * varies in the wild (fields documented as required may be missing or `null`); unknown fields
 * are kept as sent.
 *
 * @module
 */
import * as t from 'io-ts'
import { NonEmptyString, nullable, strict, tolerant, type Strength } from '../core/codecs/lenient.js'

const NullableString = nullable(t.string)
/** Unix seconds, or null where the event never happened. */
const Timestamp = nullable(t.number)

/** `user` (identified) or `lead` (anonymous until identified). */
export const ContactRole = t.keyof({ user: null, lead: null }, 'ContactRole')
export type ContactRole = t.TypeOf<typeof ContactRole>

/** A reference list (`tags`, `notes`, `companies`): at most 10 items shown, `url` for the rest. */
const listReference = (s: Strength) =>
  t.partial({
    type: s(t.literal('list')),
    data: s(t.array(t.partial({ type: s(t.string), id: s(t.string), url: s(NullableString) }))),
    url: s(NullableString),
    total_count: s(t.number),
    has_more: s(t.boolean),
  })

/** Builds the contact codec at a strength: the shape is written once. */
export const contactCodec = (s: Strength) =>
  t.intersection(
    [
      t.type({ type: t.literal('contact'), id: NonEmptyString, role: ContactRole }),
      t.partial({
        workspace_id: s(t.string),
        external_id: s(NullableString),
        email: s(NullableString),
        email_domain: s(NullableString),
        phone: s(NullableString),
        formatted_phone: s(NullableString),
        name: s(NullableString),
        // The API description says an object, the official SDK a URL string: both are seen.
        avatar: s(
          t.union([t.partial({ type: s(t.literal('avatar')), image_url: s(NullableString) }), t.string, t.null]),
        ),
        owner_id: s(t.union([t.number, t.string, t.null])),
        has_hard_bounced: s(t.boolean),
        marked_email_as_spam: s(t.boolean),
        unsubscribed_from_emails: s(t.boolean),
        created_at: s(Timestamp),
        updated_at: s(Timestamp),
        signed_up_at: s(Timestamp),
        last_seen_at: s(Timestamp),
        last_replied_at: s(Timestamp),
        last_contacted_at: s(Timestamp),
        last_email_opened_at: s(Timestamp),
        last_email_clicked_at: s(Timestamp),
        language_override: s(NullableString),
        browser: s(NullableString),
        browser_version: s(NullableString),
        browser_language: s(NullableString),
        os: s(NullableString),
        custom_attributes: s(t.UnknownRecord),
        location: s(
          t.partial({
            type: s(t.literal('location')),
            country: s(NullableString),
            region: s(NullableString),
            city: s(NullableString),
            country_code: s(NullableString),
            continent_code: s(NullableString),
          }),
        ),
        social_profiles: s(
          t.partial({
            type: s(t.literal('list')),
            data: s(t.array(t.partial({ type: s(t.string), name: s(NullableString), url: s(NullableString) }))),
          }),
        ),
        tags: s(listReference(s)),
        notes: s(listReference(s)),
        companies: s(listReference(s)),
      }),
    ],
    'Contact',
  )

/**
 * A contact as Intercom sends it. Decoding never fails on a descriptive field: an odd value
 * becomes `null` (and is reported as a warning by the page decoder).
 */
export const Contact = contactCodec(tolerant)
/** A contact whose every field has its documented type: the fast check of a page. */
export const StrictContact = contactCodec(strict)

/**
 * A decoded contact: the known fields, exactly (a misspelt field does not compile). Fields not
 * listed are kept on the object as sent; reach them on purpose through `WithUnknownFields<Contact>`.
 */
export type Contact = t.TypeOf<typeof Contact>
