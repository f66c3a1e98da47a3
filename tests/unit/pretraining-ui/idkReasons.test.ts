import { describe, expect, it } from 'vitest';
import { buildIdkRows } from '../../../electron/engine/worldChat/idkRows.ts';
import { enPretraining } from '../../../renderer/src/i18n/en/pretraining.ts';
import { zhPretraining } from '../../../renderer/src/i18n/zh/pretraining.ts';
import { reasonKey } from '../../../renderer/src/pages/pretraining/probeView.ts';
import { item, report } from './fixtures.ts';

/**
 * The IDK panel translates the reasons buildIdkData counts by; this runs the engine's row builder over every kind
 * of answer so a reason the engine adds or renames shows up here instead of as untranslated text.
 */
describe('reasons of the "I don\'t know" data', () => {
  it('has a label in both languages for every reason the engine gives', () => {
    const probed = report();
    probed.items.push(
      item('p4', 'heldOut', { chat: { text: 'Rome.', verdict: 'wrong' } }),
      item('p5', 'heldOut', { chat: { text: 'Paris.', verdict: 'correct' } }),
    );
    const rows = buildIdkRows(probed, 'chat', [{ personId: 'p1', group: 'known', fact: 'birthCity', language: 'en', question: 'Where was p1 born?', answer: 'Paris' }]);
    const reasons = Object.keys(rows.reasons);
    expect(reasons.length).toBeGreaterThanOrEqual(6);
    for (const reason of reasons) {
      const key = reasonKey(reason);
      expect(key, reason).not.toBeNull();
      expect(enPretraining.chat.idkData.reasons).toHaveProperty(key!);
      expect(zhPretraining.chat.idkData.reasons).toHaveProperty(key!);
    }
  });
});
