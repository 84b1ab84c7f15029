import { useDismissNotice, useNotices } from '../../api/queries'
import { Icon } from '../../components/Icon'
import './notices.css'

/** Things the library must tell the reader (a file restored from backup, say), until dismissed. */
export function NoticeBanner() {
  const notices = useNotices()
  const dismiss = useDismissNotice()
  const list = notices.data ?? []
  if (list.length === 0) return null
  return (
    <section className="notices" aria-label="Notices">
      {list.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.level}`} role={notice.level === 'info' ? 'status' : 'alert'}>
          <Icon name={notice.level === 'info' ? 'info' : 'alert'} size={16} />
          <p className="notice-message">{notice.message}</p>
          <button type="button" className="notice-dismiss" onClick={() => dismiss.mutate(notice.id)}>
            <Icon name="close" size={14} />
            <span className="visually-hidden">Dismiss notice</span>
          </button>
        </div>
      ))}
    </section>
  )
}
