/** Pages of List Users written by hand, for raw servers that answer what the simulator never would. */

/** `n` users with ids `u<from>` onwards. */
export const someUsers = (n: number, from = 1): Array<Record<string, unknown>> =>
  Array.from({ length: n }, (_, i) => ({ type: 'user', id: `u${from + i}`, email: `u${from + i}@example.com` }))

/** A `user.list` page of List Users. */
export const userListBody = (
  users: ReadonlyArray<Record<string, unknown>>,
  page: number,
  perPage: number,
  totalPages: number,
  next: string | null,
  totalCount = users.length,
): string =>
  JSON.stringify({
    type: 'user.list',
    total_count: totalCount,
    users,
    pages: { type: 'pages', next, page, per_page: perPage, total_pages: totalPages },
  })
