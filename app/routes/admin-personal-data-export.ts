import { exportPersonalData } from '../../domain/privacy/export-personal-data.ts';
import { personalDataKey } from '../../domain/privacy/find-personal-data.ts';
import { actionError, formText, requireAdminPage } from '../forms.ts';
import type { Route } from './+types/admin-personal-data-export';

/** A person's data as a JSON download (a POST: the export is audited). */
export async function action({ context, request }: Route.ActionArgs) {
  const actor = requireAdminPage(context, request);
  const form = await request.formData();
  try {
    const { fileName, json } = await exportPersonalData({
      db: context.db,
      actor,
      key: personalDataKey(formText(form, 'key')),
      secret: context.secret,
    });
    return new Response(json, {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (err) {
    return actionError(err, context.lang);
  }
}
