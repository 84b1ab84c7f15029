// The notes feature's own line icons, drawn like components/Icon (24-unit grid,
// currentColor), which supplies the shared ones.
import { Icon as SharedIcon, type IconName } from '../../components/Icon'

const own = {
  notes: (
    <>
      <path d="M5 4.5h14a1.5 1.5 0 0 1 1.5 1.5v9a1.5 1.5 0 0 1-1.5 1.5h-7l-4.5 3.5V16.5H5A1.5 1.5 0 0 1 3.5 15V6A1.5 1.5 0 0 1 5 4.5z" />
      <path d="M7.5 9h9M7.5 12.5h6" />
    </>
  ),
}

type OwnName = keyof typeof own

export function Icon({ name, size = 18 }: { name: OwnName | IconName; size?: number }) {
  if (!(name in own)) return <SharedIcon name={name as IconName} size={size} />
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {own[name as OwnName]}
    </svg>
  )
}
