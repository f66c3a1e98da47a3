import { describe, expect, it } from 'vitest';
import { pickBlindPair } from '../../../electron/engine/compare/startBlindRound.ts';
import type { ResolvedContender } from '../../../electron/shared/contract/compare.ts';

const contenders = ['a', 'b', 'c'].map((key) => ({ key, label: key }) as ResolvedContender);

describe('choosing the blind pair', () => {
  it('picks among the pairs with the fewest votes and can put either one first', () => {
    const games: Record<string, number> = { 'a|b': 3, 'a|c': 1, 'b|c': 1 };
    const between = (x: string, y: string) => games[[x, y].sort().join('|')] ?? 0;
    const seen = new Set<string>();
    for (const first of [0, 1]) {
      for (const order of [0, 1]) {
        const draws = [first, order];
        const [a, b] = pickBlindPair(contenders, between, () => draws.shift()!);
        seen.add(`${a.key}${b.key}`);
        expect([a.key, b.key].sort().join('|')).not.toBe('a|b');
      }
    }
    expect(seen).toEqual(new Set(['ac', 'ca', 'bc', 'cb']));
  });
});
