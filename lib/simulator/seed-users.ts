/**
 * The simulator's users: deterministic from a seed and a clock, with the variety of real
 * workspaces (shared emails and phones, null and absent fields, odd ids, varied timestamps).
 *
 * @module
 */
import { hex, intBetween, pick, seededRandom, type Random } from './random.js'

/** A user as the simulator stores and serves it. */
export interface SimUser {
  /** Always `user`. */
  readonly type: 'user'
  /** Intercom's id: hex, unique. */
  readonly id: string
  /** Unix seconds; List Users sorts by it by default. */
  readonly created_at: number
  readonly [field: string]: unknown
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus', 'Radia', 'Niklaus']
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Thompson',
  'Hamilton',
  'Torvalds',
  'Perlman',
  'Wirth',
]
const CITIES = [
  {
    city_name: 'Dublin',
    country_code: 'IRL',
    country_name: 'Ireland',
    continent_code: 'EU',
    timezone: 'Europe/Dublin',
  },
  { city_name: 'Sydney', country_code: 'AUS', country_name: 'Australia', continent_code: 'OC', timezone: '+1000' },
  {
    city_name: 'San Francisco',
    country_code: 'USA',
    country_name: 'United States',
    continent_code: 'NA',
    timezone: 'America/Los_Angeles',
  },
]
/** Emails several users share, as the seed's "List by Email" example shows. */
const SHARED_EMAILS = ['test@test.com', 'shared+team@example.com', 'ops@example.org']
const SHARED_PHONES = ['00353876543210', '+14155550100']
const DAY = 86_400

const maybe = <A>(random: Random, p: number, value: () => A): A | null => (random() < p ? value() : null)

const COMPANIES = [
  { id: '5b0b7d2f5b8a3c0001a1b2c3', company_id: 'acme', name: 'Acme' },
  { id: '5b0b7d2f5b8a3c0001a1b2c4', company_id: 'initech', name: 'Initech' },
  { id: '5b0b7d2f5b8a3c0001a1b2c5', company_id: 'globex', name: 'Globex' },
  { id: '5b0b7d2f5b8a3c0001a1b2c6', company_id: 'umbrella', name: 'Umbrella' },
]
const SEGMENTS = ['5310d8e7598c9a0b24000002', '5310d8e7598c9a0b24000003', '5310d8e8598c9a0b24000004']
const TAGS = [
  { id: '17513', name: 'vip' },
  { id: '17514', name: 'beta' },
  { id: '17515', name: 'churn-risk' },
]
/** Intercom names anonymous visitors after a colour, an animal and a city. */
const COLOURS = ['Blue', 'Orange', 'Green', 'Violet']
const ANIMALS = ['Lion', 'Heron', 'Otter', 'Lynx']
/** Admins who own users (Intercom's owner_id). */
const OWNERS = [814860, 814861, 1295]

/** A few of `items`, none to `most`, each at most once. */
const someOf = <A>(random: Random, items: ReadonlyArray<A>, most: number): A[] =>
  items.filter(() => random() < most / items.length).slice(0, most)

const socialProfile = (random: Random, first: string, index: number) => {
  const network = pick(random, ['twitter', 'linkedin', 'github'])
  const username = `${first.toLowerCase()}${index}`
  return {
    type: 'social_profile',
    name: network.charAt(0).toUpperCase() + network.slice(1),
    // Intercom's own fixtures show profiles whose id is null.
    id: random() < 0.5 ? null : String(intBetween(random, 1_000_000, 9_999_999)),
    username,
    url: `https://${network}.com/${username}`,
  }
}

const userAt = (random: Random, index: number, now: number): SimUser => {
  const first = pick(random, FIRST)
  const last = pick(random, LAST)
  const createdAt = now - intBetween(random, 0, 3 * 365 * DAY)
  // Every time lies in the past: between the user's creation and now, spread, never in the future.
  const since = (from: number): number => from + intBetween(random, 0, now - from)
  const signedUp = maybe(random, 0.8, () => Math.min(now, createdAt + intBetween(random, 0, DAY)))
  const lastRequest = maybe(random, 0.9, () => since(createdAt))
  const updatedAt = Math.max(lastRequest ?? createdAt, since(createdAt))
  const shared = random()
  const email =
    shared < 0.05
      ? pick(random, SHARED_EMAILS)
      : maybe(random, 0.9, () =>
          `${first}.${last}${random() < 0.2 ? '+intercom' : ''}.${index}@example.com`.toLowerCase(),
        )
  const phone =
    shared > 0.97
      ? pick(random, SHARED_PHONES)
      : maybe(random, 0.3, () => `+3538${intBetween(random, 10000000, 99999999)}`)
  const city = pick(random, CITIES)
  const anonymous = random() < 0.1
  // Ids are not of one fixed length (the seed shows 24 and 25 hex digits); the index makes them unique.
  const id = `${hex(random, random() < 0.1 ? 17 : 16)}${index.toString(16).padStart(8, '0')}`
  const user: Record<string, unknown> = {
    type: 'user',
    id,
    user_id: maybe(random, 0.7, () => `u-${index}`),
    email,
    phone,
    name: maybe(random, 0.85, () => `${first} ${last}`),
    app_id: 'sim0app',
    anonymous,
    pseudonym: anonymous ? `${pick(random, COLOURS)} ${pick(random, ANIMALS)} from ${city.city_name}` : null,
    created_at: createdAt,
    signed_up_at: signedUp,
    updated_at: updatedAt,
    last_request_at: lastRequest,
    remote_created_at: maybe(random, 0.3, () => createdAt - intBetween(random, 0, 30 * DAY)),
    session_count: intBetween(random, 0, 500),
    last_seen_ip: maybe(random, 0.7, () => `203.0.113.${intBetween(random, 1, 254)}`),
    user_agent_data: maybe(random, 0.6, () => 'Mozilla/5.0 (X11; Linux x86_64)'),
    referrer: maybe(random, 0.2, () => 'https://example.com/pricing'),
    owner_id: maybe(random, 0.3, () => pick(random, OWNERS)),
    unsubscribed_from_emails: random() < 0.1,
    marked_email_as_spam: false,
    has_hard_bounced: random() < 0.02,
    do_not_track: random() < 0.5 ? null : random() < 0.1,
    utm_campaign: maybe(random, 0.1, () => 'spring'),
    utm_content: null,
    utm_medium: maybe(random, 0.1, () => 'email'),
    utm_source: maybe(random, 0.1, () => 'newsletter'),
    utm_term: null,
    custom_attributes:
      random() < 0.5 ? {} : { plan: pick(random, ['free', 'pro', 'team']), seats: intBetween(random, 1, 50) },
    avatar: { type: 'avatar', image_url: maybe(random, 0.3, () => `https://example.com/avatars/${index}.png`) },
    location_data: {
      type: 'location_data',
      ...city,
      // Intercom's own fixtures show coordinates as numbers and as strings.
      latitude: random() < 0.5 ? 53.3 : '53.3',
      longitude: random() < 0.5 ? -6.2 : '-6.2',
      postal_code: null,
      region_name: null,
    },
    social_profiles: {
      type: 'social_profile.list',
      social_profiles: random() < 0.25 ? [socialProfile(random, first, index)] : [],
    },
    companies: {
      type: 'company.list',
      companies: someOf(random, COMPANIES, random() < 0.35 ? 2 : 0).map((c) => ({ type: 'company', ...c })),
    },
    segments: {
      type: 'segment.list',
      segments: someOf(random, SEGMENTS, random() < 0.4 ? 2 : 0).map((id) => ({ type: 'segment', id })),
    },
    tags: { type: 'tag.list', tags: someOf(random, TAGS, random() < 0.3 ? 2 : 0).map((t) => ({ type: 'tag', ...t })) },
  }
  // Most fields can be absent, as the seed's "...." shows; a few users carry a field the docs do not list.
  if (random() < 0.1) delete user['referrer']
  if (random() < 0.1) delete user['utm_term']
  if (random() < 0.05) user['x_sim_note'] = 'an undocumented field, kept by the client'
  return user as unknown as SimUser
}

/**
 * `count` users, the same for the same seed and clock (`now` in Unix seconds). `firstIndex`
 * numbers them on from an existing store, so ids stay unique when users are added later.
 *
 * @example
 * ```ts
 * const users = generateUsers(100, 7, 1_790_000_000)
 * console.log(users[0]?.email)
 * ```
 */
export const generateUsers = (count: number, seed: number, now: number, firstIndex = 0): SimUser[] => {
  const random = seededRandom(seed + firstIndex)
  return Array.from({ length: count }, (_, i) => userAt(random, firstIndex + i, now))
}
