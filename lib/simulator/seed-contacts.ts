/**
 * The simulator's contacts (API 2.x): users and leads, deterministic from a seed and a clock,
 * with the variety of real data (null and missing fields, an avatar as an object or a URL
 * string, list references with `url`, `total_count` and `has_more`).
 *
 * @module
 */
import { hex, intBetween, pick, seededRandom, type Random } from './random.js'

/** A contact as the simulator stores and serves it. */
export interface SimContact {
  readonly type: 'contact'
  /** Intercom's id: 24 hex digits, unique. */
  readonly id: string
  readonly role: 'user' | 'lead'
  /** Unix seconds; `GET /contacts` walks contacts by it (then by id). */
  readonly created_at: number
  readonly [field: string]: unknown
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus', 'Radia', 'Niklaus']
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Thompson', 'Hamilton', 'Torvalds']
const PLACES = [
  { country: 'Ireland', region: 'Dublin', city: 'Dublin', country_code: 'IE', continent_code: 'EU' },
  { country: 'Australia', region: 'New South Wales', city: 'Sydney', country_code: 'AU', continent_code: 'OC' },
  { country: 'United States', region: 'California', city: 'San Francisco', country_code: 'US', continent_code: 'NA' },
]
const TAGS = ['17513', '17514', '17515']
const OWNERS = [814860, 814861, 1295]
const DAY = 86_400

const maybe = <A>(random: Random, p: number, value: () => A): A | null => (random() < p ? value() : null)

/** A kind's path segment: `tags`, `notes`, `companies`. */
const plural = (kind: string): string => (kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`)

/** A list reference as 2.x sends it: at most 10 items shown, `url` for all of them. */
const reference = (random: Random, id: string, kind: string, ids: ReadonlyArray<string>) => {
  const data = ids.filter(() => random() < 0.3)
  return {
    type: 'list',
    data: data.map((item) => ({ type: kind, id: item, url: `/${plural(kind)}/${item}` })),
    url: `/contacts/${id}/${plural(kind)}`,
    total_count: data.length,
    has_more: false,
  }
}

const contactAt = (random: Random, index: number, now: number): SimContact => {
  const first = pick(random, FIRST)
  const last = pick(random, LAST)
  const role = random() < 0.7 ? 'user' : 'lead'
  const createdAt = now - intBetween(random, 0, 3 * 365 * DAY)
  const since = (from: number): number => from + intBetween(random, 0, now - from)
  const id = `${hex(random, 16)}${index.toString(16).padStart(8, '0')}`
  const email = maybe(random, role === 'user' ? 0.95 : 0.4, () => `${first}.${last}.${index}@example.com`.toLowerCase())
  const phone = maybe(random, 0.3, () => `+3538${intBetween(random, 10000000, 99999999)}`)
  const contact: Record<string, unknown> = {
    type: 'contact',
    id,
    workspace_id: 'sim0app',
    external_id: role === 'user' ? maybe(random, 0.8, () => `u-${index}`) : null,
    role,
    // The 2.14 description types both as strings: a contact without an email has empty ones.
    email: email ?? '',
    email_domain: email === null ? '' : 'example.com',
    phone,
    formatted_phone: phone,
    name: maybe(random, 0.8, () => `${first} ${last}`),
    // As the 2.14 description has it: an object (its image_url may be null), or null. The codec also
    // takes the URL string older answers and the official SDK's types show.
    avatar:
      random() < 0.5
        ? { type: 'avatar', image_url: maybe(random, 0.3, () => `https://example.com/avatars/${index}.png`) }
        : maybe(random, 0.5, () => ({ type: 'avatar', image_url: `https://example.com/avatars/${index}.png` })),
    owner_id: maybe(random, 0.3, () => pick(random, OWNERS)),
    has_hard_bounced: random() < 0.02,
    marked_email_as_spam: false,
    unsubscribed_from_emails: random() < 0.1,
    created_at: createdAt,
    updated_at: since(createdAt),
    signed_up_at:
      role === 'user' ? maybe(random, 0.8, () => Math.min(now, createdAt + intBetween(random, 0, DAY))) : null,
    last_seen_at: maybe(random, 0.9, () => since(createdAt)),
    last_replied_at: maybe(random, 0.2, () => since(createdAt)),
    last_contacted_at: maybe(random, 0.3, () => since(createdAt)),
    last_email_opened_at: maybe(random, 0.2, () => since(createdAt)),
    last_email_clicked_at: maybe(random, 0.1, () => since(createdAt)),
    language_override: null,
    browser: maybe(random, 0.7, () => pick(random, ['chrome', 'firefox', 'safari'])),
    browser_version: maybe(random, 0.7, () => `${intBetween(random, 100, 130)}.0`),
    browser_language: maybe(random, 0.7, () => 'en'),
    os: maybe(random, 0.7, () => pick(random, ['Linux', 'OS X 14', 'Windows 11'])),
    custom_attributes:
      random() < 0.5 ? {} : { plan: pick(random, ['free', 'pro', 'team']), seats: intBetween(random, 1, 50) },
    location: { type: 'location', ...pick(random, PLACES) },
    social_profiles: { type: 'list', data: [] },
    tags: reference(random, id, 'tag', TAGS),
    notes: reference(random, id, 'note', []),
    companies: reference(random, id, 'company', []),
  }
  // Fields documented as required are sometimes missing, and new fields appear over time.
  if (random() < 0.05) delete contact['workspace_id']
  // A domain left empty though the email has one (seen in real workspaces).
  if (random() < 0.05) contact['email_domain'] = ''
  if (random() < 0.03) contact['x_sim_note'] = 'an undocumented field, kept by the client'
  return contact as unknown as SimContact
}

/**
 * `count` contacts, the same for the same seed and clock (`now` in Unix seconds). `firstIndex`
 * numbers them on from an existing store, so ids stay unique when contacts are added later.
 *
 * @example
 * ```ts
 * const contacts = generateContacts(100, 7, 1_790_000_000)
 * console.log(contacts.filter((c) => c.role === 'lead').length)
 * ```
 */
export const generateContacts = (count: number, seed: number, now: number, firstIndex = 0): SimContact[] => {
  const random = seededRandom((seed ^ 0xc0c0) + firstIndex)
  return Array.from({ length: count }, (_, i) => contactAt(random, firstIndex + i, now))
}
