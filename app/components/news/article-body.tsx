/**
 * An article's body as readers see it: the HTML the server sanitised when it was saved
 * (domain/news/sanitize.ts) and prepared by `renderBody` (photo sizes). The public page
 * and the editor's preview both show it through this component, with the same styles.
 */
export function ArticleBody({ html }: { html: string }) {
  return <div className="article-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
