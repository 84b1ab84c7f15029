// The reader pane: the article, its toolbar, and what the reader does to the article.
export { ArticleView } from './ArticleView'
export { ReaderEmpty } from './ReaderEmpty'
export { ReaderToolbar } from './ReaderToolbar'
export { useArticleActions } from './use-article-actions'
