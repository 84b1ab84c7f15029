// Line icons drawn for Offprint (24-unit grid, currentColor): no icon font, nothing remote.
import type { ReactElement } from 'react'

const paths: Record<string, ReactElement> = {
  all: (
    <>
      <path d="M4 13h4.5l1.5 2.5h4l1.5-2.5H20" />
      <path d="M6.2 5h11.6L20 13v5a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 4 18v-5z" />
    </>
  ),
  unread: <circle cx="12" cy="12" r="4.5" />,
  star: <path d="M12 3.5l2.6 5.3 5.9.9-4.2 4.1 1 5.8-5.3-2.8-5.3 2.8 1-5.8-4.2-4.1 5.9-.9z" />,
  folder: <path d="M3.5 7.5a2 2 0 0 1 2-2h3.8l2 2h7.2a2 2 0 0 1 2 2v7.5a2 2 0 0 1-2 2h-13a2 2 0 0 1-2-2z" />,
  chevron: <path d="M9.5 6.5l5.5 5.5-5.5 5.5" />,
  feed: (
    <>
      <path d="M5.5 11a7.5 7.5 0 0 1 7.5 7.5" />
      <path d="M5.5 5A13.5 13.5 0 0 1 19 18.5" />
      <circle cx="6.5" cy="17.5" r="1.2" />
    </>
  ),
  alert: (
    <>
      <path d="M12 4.5l8.5 15h-17z" />
      <path d="M12 10v4" />
      <path d="M12 16.8v.2" />
    </>
  ),
  external: (
    <>
      <path d="M14 4.5h5.5V10" />
      <path d="M19.5 4.5l-8.5 8.5" />
      <path d="M17.5 14v4.5a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1H10" />
    </>
  ),
  read: (
    <>
      <circle cx="12" cy="12" r="8" />
      <path d="M8.5 12.2l2.4 2.4 4.6-5" />
    </>
  ),
  markUnread: (
    <>
      <circle cx="12" cy="12" r="8" />
      <circle cx="12" cy="12" r="3" />
    </>
  ),
  type: (
    <>
      <path d="M3.5 18.5l4.5-12 4.5 12" />
      <path d="M5.2 14h5.6" />
      <path d="M14.5 12.2c.6-1 1.6-1.6 2.9-1.6 1.9 0 3 1.1 3 3v4.9" />
      <path d="M20.4 15.2c-3.6 0-5.9.6-5.9 2.1 0 1 .8 1.5 2 1.5 2 0 3.9-1.2 3.9-3.6" />
    </>
  ),
  back: (
    <>
      <path d="M19 12H5.5" />
      <path d="M11 6l-6 6 6 6" />
    </>
  ),
  close: (
    <>
      <path d="M6.5 6.5l11 11" />
      <path d="M17.5 6.5l-11 11" />
    </>
  ),
  keyboard: (
    <>
      <rect x="2.5" y="6" width="19" height="12" rx="2" />
      <path d="M6 9.5h.01M9.3 9.5h.01M12.6 9.5h.01M15.9 9.5h.01M18 9.5h.01M6 12.5h.01M18 12.5h.01M8 15h8" />
    </>
  ),
  book: (
    <>
      <path d="M4 5.5c2.8-1 5.5-.8 8 1 2.5-1.8 5.2-2 8-1v13c-2.8-1-5.5-.8-8 1-2.5-1.8-5.2-2-8-1z" />
      <path d="M12 6.5v13" />
    </>
  ),
  info: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 11v5.5" />
      <path d="M12 7.8v.2" />
    </>
  ),
  plus: (
    <>
      <path d="M12 5v14" />
      <path d="M5 12h14" />
    </>
  ),
  refresh: (
    <>
      <path d="M19.5 12a7.5 7.5 0 1 1-2.2-5.3" />
      <path d="M19.5 4.5v4.2h-4.2" />
    </>
  ),
  more: (
    <>
      <circle cx="6" cy="12" r="1.1" />
      <circle cx="12" cy="12" r="1.1" />
      <circle cx="18" cy="12" r="1.1" />
    </>
  ),
  search: (
    <>
      <circle cx="10.5" cy="10.5" r="6" />
      <path d="M15 15l5 5" />
    </>
  ),
  offline: (
    <>
      <path d="M7 18.5h10.5a3.5 3.5 0 0 0 .8-6.9A6 6 0 0 0 7.6 9.3 4.6 4.6 0 0 0 7 18.5z" />
      <path d="M4 4l16 16" />
    </>
  ),
  sortNewest: (
    <>
      <path d="M8 5v14" />
      <path d="M4.5 15.5L8 19l3.5-3.5" />
      <path d="M14 7h6M14 12h4.5M14 17h3" />
    </>
  ),
  sortOldest: (
    <>
      <path d="M8 5v14" />
      <path d="M4.5 15.5L8 19l3.5-3.5" />
      <path d="M14 7h3M14 12h4.5M14 17h6" />
    </>
  ),
  markAll: (
    <>
      <path d="M3.5 12.5l3.5 3.5 7-8" />
      <path d="M11 15.5l1 1 8-8.5" />
    </>
  ),
  upload: (
    <>
      <path d="M12 15V4.5" />
      <path d="M7.5 9L12 4.5 16.5 9" />
      <path d="M4.5 15v3a1.5 1.5 0 0 0 1.5 1.5h12a1.5 1.5 0 0 0 1.5-1.5v-3" />
    </>
  ),
  download: (
    <>
      <path d="M12 4.5V15" />
      <path d="M7.5 10.5L12 15l4.5-4.5" />
      <path d="M4.5 15v3a1.5 1.5 0 0 0 1.5 1.5h12a1.5 1.5 0 0 0 1.5-1.5v-3" />
    </>
  ),
  link: (
    <>
      <path d="M10 14a3.5 3.5 0 0 0 5 0l3-3a3.5 3.5 0 0 0-5-5l-1 1" />
      <path d="M14 10a3.5 3.5 0 0 0-5 0l-3 3a3.5 3.5 0 0 0 5 5l1-1" />
    </>
  ),
  page: (
    <>
      <path d="M6.5 3.5h7l4 4v13h-11z" />
      <path d="M13.5 3.5v4h4" />
      <path d="M9 12h6M9 15.5h6" />
    </>
  ),
}

export type IconName = keyof typeof paths

export function Icon({ name, filled = false, size = 18 }: { name: IconName; filled?: boolean; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {paths[name]}
    </svg>
  )
}
