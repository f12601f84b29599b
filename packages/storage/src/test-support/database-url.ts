/** The same server URL, pointing at another database. */
export function databaseUrlWithName(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}
