/**
 * The user object of Intercom's API. Strict where the library depends on a field (`type`,
 * `id`), tolerant where a descriptive field's type varies in the wild; unknown fields are kept.
 *
 * @module
 */
import * as t from 'io-ts'
import { NonEmptyString, nullable, strict, tolerant, type Strength } from '../core/codecs/lenient.js'

// -------------------------------------------------------------------------------------
// primitives
// -------------------------------------------------------------------------------------

const NullableString = nullable(t.string)
const NullableNumber = nullable(t.number)
/** Unix seconds, or null where the event never happened. */
const Timestamp = NullableNumber
/** Intercom's fixtures show coordinates as numbers and as strings (`"90"`). */
const Coordinate = t.union([t.number, t.string, t.null])

// -------------------------------------------------------------------------------------
// codecs, at a given strength
// -------------------------------------------------------------------------------------

const avatar = (s: Strength) => t.partial({ type: s(t.literal('avatar')), image_url: s(NullableString) })

const locationData = (s: Strength) =>
  t.partial({
    type: s(t.literal('location_data')),
    city_name: s(NullableString),
    continent_code: s(NullableString),
    country_code: s(NullableString),
    country_name: s(NullableString),
    latitude: s(Coordinate),
    longitude: s(Coordinate),
    postal_code: s(NullableString),
    region_name: s(NullableString),
    timezone: s(NullableString),
  })

const socialProfile = (s: Strength) =>
  t.partial({
    type: s(t.literal('social_profile')),
    name: s(NullableString),
    id: s(NullableString),
    username: s(NullableString),
    url: s(NullableString),
  })

const company = (s: Strength) => t.partial({ type: s(t.literal('company')), id: s(t.string), name: s(NullableString) })
const segment = (s: Strength) => t.partial({ type: s(t.literal('segment')), id: s(t.string) })
const tag = (s: Strength) => t.partial({ type: s(t.literal('tag')), id: s(t.string), name: s(NullableString) })

/** Builds the user codec at a strength: the shape is written once. */
export const userCodec = (s: Strength) =>
  t.intersection(
    [
      t.type({ id: NonEmptyString }),
      t.partial({
        // The seed's "List by Email" example elides `type` with the other "...." fields, so it
        // may be absent; when present it must say "user".
        type: t.literal('user'),
        user_id: s(NullableString),
        email: s(NullableString),
        phone: s(NullableString),
        name: s(NullableString),
        app_id: s(t.string),
        anonymous: s(t.boolean),
        pseudonym: s(NullableString),
        created_at: s(Timestamp),
        signed_up_at: s(Timestamp),
        updated_at: s(Timestamp),
        last_request_at: s(Timestamp),
        remote_created_at: s(Timestamp),
        session_count: s(t.number),
        last_seen_ip: s(NullableString),
        user_agent_data: s(NullableString),
        referrer: s(NullableString),
        owner_id: s(t.union([t.string, t.number, t.null])),
        unsubscribed_from_emails: s(t.boolean),
        marked_email_as_spam: s(t.boolean),
        has_hard_bounced: s(t.boolean),
        do_not_track: s(nullable(t.boolean)),
        utm_campaign: s(NullableString),
        utm_content: s(NullableString),
        utm_medium: s(NullableString),
        utm_source: s(NullableString),
        utm_term: s(NullableString),
        custom_attributes: s(t.UnknownRecord),
        avatar: s(avatar(s)),
        location_data: s(locationData(s)),
        social_profiles: s(
          t.partial({
            type: s(t.literal('social_profile.list')),
            social_profiles: s(t.array(socialProfile(s))),
          }),
        ),
        companies: s(t.partial({ type: s(t.literal('company.list')), companies: s(t.array(company(s))) })),
        segments: s(t.partial({ type: s(t.literal('segment.list')), segments: s(t.array(segment(s))) })),
        tags: s(t.partial({ type: s(t.literal('tag.list')), tags: s(t.array(tag(s))) })),
      }),
    ],
    'User',
  )

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A user as Intercom sends it. Decoding never fails on a descriptive field: an odd value
 * becomes `null` (and is reported as a warning by the page decoder).
 */
export const User = userCodec(tolerant)
/** A user whose every field has its documented type: the fast check of a page. */
export const StrictUser = userCodec(strict)

/**
 * A decoded user: the known fields, exactly (a misspelt field does not compile). Fields not listed
 * are kept on the object as sent; reach them on purpose through `WithUnknownFields<User>`.
 */
export type User = t.TypeOf<typeof User>
