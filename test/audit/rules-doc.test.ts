import * as fs from 'fs';
import { renderRulesDoc, RULES_DOC_PATH } from '../../scripts/generate-rules-doc';
import { Audit } from '../../src';

describe('docs/rules.md', () => {
  test('is up to date with the rule catalog', () => {
    const committed = fs.existsSync(RULES_DOC_PATH) ? fs.readFileSync(RULES_DOC_PATH, 'utf8') : '';
    if (committed !== renderRulesDoc()) {
      throw new Error('docs/rules.md is stale: run `npx ts-node --project tsconfig.dev.json scripts/generate-rules-doc.ts` and commit the result');
    }
  });

  test('documents every rule with its fix and related controls', () => {
    const doc = renderRulesDoc();
    for (const rule of Audit.rules()) {
      expect(doc).toContain(`### ${rule.id}\n`);
      expect(doc).toContain(`**Fix:** ${rule.fix}`);
    }
    expect(doc).toContain('"related controls"');
  });
});
