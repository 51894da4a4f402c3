import { describe, expect, it } from 'vitest';
import { problemMessage } from './error-body.ts';
import { getT } from './i18n.ts';

describe('problemMessage', () => {
  it('names the column of an import problem, in each language', () => {
    const problem = { column: 'Cột lạ', key: 'import.unknownColumn' };
    expect(problemMessage(problem, getT('vi'))).toContain('Cột “Cột lạ”');
    expect(problemMessage(problem, getT('en'))).toContain('Column “Cột lạ”');
    expect(problemMessage(problem, getT('vi'))).not.toContain('{{');
  });
});
