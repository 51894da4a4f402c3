import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect } from 'react-router';
import { AppError } from '../../domain/errors.ts';
import { publishArticle, unpublishArticle } from '../../domain/news/articles.ts';
import { moveArticle } from '../../domain/news/newsroom.ts';
import { parseInput } from '../../domain/validation.ts';
import { ArticleParams, WorkflowStepRequest } from '../../protocol/news.ts';
import { FormAlert } from '../components/field.tsx';
import { WORKFLOW_DONE_PARAM } from '../components/news/workflow-bar.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, intentOf, parseForm, requireSignedIn } from '../forms.ts';
import type { Route } from './+types/editor-article-workflow';

/** The workflow bar's steps (submit, send for approval, return, approve, unpublish) for one article. */
export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  try {
    const { articleId } = parseInput(ArticleParams, params);
    const { comment } = parseForm(WorkflowStepRequest, form);
    const db = context.db;
    switch (intent) {
      case 'submit':
      case 'send_for_approval':
      case 'return':
        await moveArticle({ db, actor, articleId, action: intent, comment });
        break;
      case 'publish':
        await publishArticle({ db, actor, articleId, comment });
        break;
      case 'unpublish':
        await unpublishArticle({ db, actor, articleId });
        break;
      default:
        throw new AppError('validation', { fields: { intent: 'validation.invalid' } });
    }
    return redirect(`/quan-tri/tin-tuc/${articleId}?${WORKFLOW_DONE_PARAM}=${intent}`);
  } catch (err) {
    return actionError(err, context.lang);
  }
}

export function loader({ params }: Route.LoaderArgs) {
  return redirect(`/quan-tri/tin-tuc/${encodeURIComponent(params.articleId)}`);
}

/** Without JavaScript a refused step lands here: what went wrong, and the way back. */
export default function EditorArticleWorkflow({ actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <PageTitle>{t('workflow.title')}</PageTitle>
      <h1>{t('workflow.title')}</h1>
      {actionData?.error && <FormAlert kind="error">{actionData.error.message}</FormAlert>}
      <p>
        <Link to={`/quan-tri/tin-tuc/${params.articleId}`}>← {t('editor.edit')}</Link>
      </p>
    </section>
  );
}
