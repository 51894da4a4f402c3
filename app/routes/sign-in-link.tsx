import { useTranslation } from '../i18n/use-translation.ts';
import { Form, redirect } from 'react-router';
import { consumeSignInLink } from '../../domain/conferences/members.ts';
import { FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PrivacyNotice } from '../components/privacy/privacy-notice.tsx';
import { actionError } from '../forms.ts';
import { CODE_PAGE } from '../second-factor-paths.ts';
import type { Route } from './+types/sign-in-link';

/**
 * GET only shows a button: link previews in chat apps must not use up a single-use link.
 */
export async function action({ context, params }: Route.ActionArgs) {
  try {
    const result = await consumeSignInLink({
      db: context.db,
      token: params.token,
      secret: context.secret,
      ip: context.ip,
      userAgent: context.userAgent,
    });
    const to =
      result.conferenceId && result.siteId
        ? `/quan-ly/hoi-nghi/${result.conferenceId}/diem-cau/${result.siteId}`
        : result.conferenceId
          ? `/quan-ly/hoi-nghi/${result.conferenceId}`
          : '/';
    const headers = new Headers();
    if (result.secondFactorRequired) {
      headers.append(
        'Set-Cookie',
        context.cookies.challenge(result.challengeToken, result.expiresAt),
      );
      return redirect(`${CODE_PAGE}?redirectTo=${encodeURIComponent(to)}`, { headers });
    }
    headers.append('Set-Cookie', context.cookies.session(result.token, result.expiresAt));
    headers.append('Set-Cookie', context.cookies.lang(result.language));
    return redirect(to, { headers });
  } catch (err) {
    return actionError(err, context.lang);
  }
}

export default function SignInLink({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <PageTitle>{t('conf.link.title')}</PageTitle>
      <h1>{t('conf.link.title')}</h1>
      <p>{t('conf.link.intro')}</p>
      {actionData?.error && <FormAlert kind="error">{actionData.error.message}</FormAlert>}
      <Form method="post" className="stack">
        <PrivacyNotice text={t('privacy.signInNotice')} />
        <button type="submit" className="button">
          {t('conf.link.submit')}
        </button>
      </Form>
    </section>
  );
}
