import { useTranslation } from '../i18n/use-translation.ts';
import { Form, redirect } from 'react-router';
import { revokeSession } from '../../domain/auth/sessions.ts';
import { PageTitle } from '../components/page-title.tsx';
import type { Route } from './+types/sign-out';

export async function action({ context }: Route.ActionArgs) {
  if (context.sessionId) await revokeSession({ db: context.db, sessionId: context.sessionId });
  return redirect('/', { headers: { 'Set-Cookie': context.cookies.clearSession() } });
}

/** Without JavaScript the header's button posts here too; GET shows a confirmation. */
export default function SignOut() {
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <PageTitle>{t('signOut.title')}</PageTitle>
      <h1>{t('signOut.title')}</h1>
      <p>{t('signOut.confirm')}</p>
      <Form method="post">
        <button type="submit" className="button">
          {t('signOut.submit')}
        </button>
      </Form>
    </section>
  );
}
