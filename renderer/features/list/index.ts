// The article list: its rows, its header and empty states, and its pager.
export { ArticleList } from './ArticleList'
export { ListEmpty } from './ListEmpty'
export { ListHeader } from './ListHeader'
export { useArticlePager } from './use-article-pager'
export { useMarkAllRead } from './use-mark-all-read'
