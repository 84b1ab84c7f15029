// A source's picture: the site's icon, stored with the library when the feed was fetched,
// or its initial on a tint derived from its name when it has none (or it fails to load).
import { useState, type CSSProperties } from 'react'
import { useConnection } from '../api/bridge'
import { mediaUrl } from '../api/media'
import './source-icon.css'

export function SourceIcon({ name, icon, size = 18 }: { name: string; icon?: string; size?: number }) {
  const { browserMode } = useConnection()
  const [failed, setFailed] = useState<string | null>(null)
  const style = { '--icon-size': `${size}px` } as CSSProperties
  if (icon && failed !== icon) {
    return <img className="source-icon" src={mediaUrl(icon, browserMode)} alt="" aria-hidden="true" style={style} decoding="async" onError={() => setFailed(icon)} />
  }
  let hash = 0
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0
  // "The Harbor Gazette" is known by its H, as it is shelved.
  const letter = (name.trim().replace(/^(the|a|an)\s+(?=\S)/i, '').match(/[\p{L}\p{N}]/u)?.[0] ?? '•').toUpperCase()
  return (
    <span className="monogram" aria-hidden="true" style={{ ...style, '--hue': Math.abs(hash) % 360 } as CSSProperties}>
      {letter}
    </span>
  )
}
