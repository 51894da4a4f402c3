import { useEffect, useRef } from 'react';
import { useTranslation } from '../i18n/use-translation.ts';
import { Form, useActionData, useNavigation } from 'react-router';
import type { ConferenceRole } from '../../protocol/conferences.ts';
import { isRemovalIntent } from '../action-result.ts';
import type { FormError } from '../forms.ts';
import type { RemovalReport } from '../removals.ts';
import { formatTime } from '../i18n/format.ts';

interface Answer {
  ok?: boolean;
  intent?: string;
  error?: FormError;
  removed?: RemovalReport & { undo: string; until: number };
  restored?: RemovalReport;
}

/** Whether the action's answer is one `RemovalNotice` reports (a removal, its undo, or their failure). */
export function isRemovalAnswer(answer: unknown): boolean {
  const a = answer as Answer | undefined;
  return !!a && (!!a.removed || !!a.restored || (a.ok === false && isRemovalIntent(a.intent)));
}

/**
 * What a management page says after a removal: what went, by name ("Đã xóa điểm cầu
 * “Tỉnh A” cùng 2 đại biểu…") with an Undo button (the signed token, until it expires),
 * what an undo put back, or why either was refused. It takes the focus, so a keyboard
 * user lands on it (and on Undo) once the row they removed is gone.
 */
export function RemovalNotice() {
  const { t } = useTranslation();
  const answer = useActionData() as Answer | undefined;
  const box = useRef<HTMLDivElement>(null);
  // The answer arrives before the page's data is read again: say it once the list shows it.
  const settled = useNavigation().state === 'idle';
  const shown = settled && isRemovalAnswer(answer);
  useEffect(() => {
    if (shown) box.current?.focus();
  }, [answer, shown]);
  if (!answer || !shown) return null;

  const words = (report: RemovalReport) => ({
    ...report.label,
    role: report.label.role ? t(`conf.members.roles.${report.label.role as ConferenceRole}`) : '',
  });
  if (answer.ok === false && answer.error) {
    return (
      <div ref={box} tabIndex={-1} className="alert alert-error" role="alert">
        {answer.error.message}
      </div>
    );
  }
  if (answer.restored) {
    return (
      <div ref={box} tabIndex={-1} className="alert alert-success" role="status">
        {t(`safety.${answer.restored.kind}.restored`, words(answer.restored))}
      </div>
    );
  }
  const { removed } = answer;
  if (!removed) return null;
  return (
    <div ref={box} tabIndex={-1} className="alert alert-success removal-notice" role="status">
      <p>
        {t(`safety.${removed.kind}.done`, words(removed))}{' '}
        {t('safety.notice.until', { time: formatTime(removed.until) })}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="undo" />
        <input type="hidden" name="token" value={removed.undo} />
        <button type="submit" className="button button-secondary">
          {t('safety.notice.undo')}
        </button>
      </Form>
    </div>
  );
}
