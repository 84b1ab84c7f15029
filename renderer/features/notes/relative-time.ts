// When a note was written, as a comment box says it: "just now", "5 minutes ago",
// "yesterday", then the date.
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const monthDay = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' })
const monthDayYear = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric' })
const full = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' })

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`

export function relativeTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  const age = now - t
  // A clock set back makes a fresh note look a little "in the future": still just now.
  if (age < -DAY) return monthDayYear.format(t)
  if (age < 45_000) return 'just now'
  if (age < 90_000) return '1 minute ago'
  if (age < HOUR) return plural(Math.round(age / MINUTE), 'minute')
  if (age < DAY) return plural(Math.floor(age / HOUR), 'hour')
  if (age < 2 * DAY) return 'yesterday'
  if (age < 7 * DAY) return `${Math.floor(age / DAY)} days ago`
  return new Date(t).getFullYear() === new Date(now).getFullYear() ? monthDay.format(t) : monthDayYear.format(t)
}

export function fullTime(iso: string): string {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? '' : full.format(t)
}
