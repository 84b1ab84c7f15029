// Where the reader is and moving about: the selected source, the open article.
export { useNavigation, type CurrentArticle, type Navigation } from './use-navigation'
