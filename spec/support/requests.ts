/** Page 1 of List Users at `base`, as the request value the transport sends (no token: the client adds it). */
export const usersPageOne = (base: string) => ({
  method: 'GET' as const,
  url: `${base}/users?page=1`,
  headers: { Accept: 'application/json', 'Intercom-Version': '1.4' },
})
