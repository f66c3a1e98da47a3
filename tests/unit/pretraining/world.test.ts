import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../electron/engine/pretraining/world/generateWorld.ts';
import { writeWorld } from '../../../electron/engine/pretraining/world/writeWorld.ts';
import { readCorpusDocuments } from '../../../electron/engine/pretraining/run/readCorpus.ts';

describe('generateWorld', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(generateWorld({ people: 20, seed: 5 })).toEqual(generateWorld({ people: 20, seed: 5 }));
    expect(generateWorld({ people: 20, seed: 6 }).documents).not.toEqual(generateWorld({ people: 20, seed: 5 }).documents);
  });

  it('splits people into known, held-out and nonexistent with distinct names', () => {
    const world = generateWorld({ people: 40, seed: 1, knownFraction: 0.25, nonexistent: 8 });
    const groups = Object.values(world.groups);
    expect(groups.filter((g) => g === 'known')).toHaveLength(10);
    expect(groups.filter((g) => g === 'heldOut')).toHaveLength(30);
    expect(groups.filter((g) => g === 'nonexistent')).toHaveLength(8);
    expect(new Set(world.people.map((p) => p.name.en)).size).toBe(48);
  });

  it('writes every fact of corpus people into their biographies, in English and Chinese, and never mentions nonexistent people', () => {
    const world = generateWorld({ people: 10, seed: 2, englishDocuments: 2, chineseDocuments: 1 });
    expect(world.documents).toHaveLength(30);
    const corpus = world.documents.join('\n');
    for (const person of world.people) {
      if (world.groups[person.id] === 'nonexistent') {
        expect(corpus).not.toContain(person.name.en);
        expect(corpus).not.toContain(person.name.zh);
        continue;
      }
      const english = world.documents.filter((d) => d.includes(person.name.en));
      const chinese = world.documents.filter((d) => d.includes(person.name.zh));
      expect(english).toHaveLength(2);
      expect(chinese).toHaveLength(1);
      for (const document of english) {
        expect(document).toContain(person.birthCity.en);
        expect(document).toContain(person.university.en);
        expect(document).toContain(String(person.birthDate.year));
      }
      expect(chinese[0]).toContain(person.employer.zh);
      expect(chinese[0]).toContain(`${person.birthDate.year}年${person.birthDate.month}月${person.birthDate.day}日`);
    }
  });

  it('asks questions with exact answers, null for nonexistent people, and probes sentences the corpus contains', () => {
    const world = generateWorld({ people: 8, seed: 3 });
    const corpus = world.documents.join('\n');
    for (const item of world.qa) {
      if (item.group === 'nonexistent') expect(item.answer).toBeNull();
      else expect(item.answer).not.toBeNull();
    }
    for (const probe of world.probes) expect(corpus).toContain(`${probe.prompt}${probe.expected}${probe.language === 'en' ? '.' : '。'}`);
  });

  it('rejects impossible sizes with the field named', () => {
    expect(() => generateWorld({ people: 1 })).toThrow(/people/);
    expect(() => generateWorld({ people: 10, englishDocuments: 0, chineseDocuments: 0 })).toThrow(/englishDocuments/);
  });

  it('writes corpus, facts, QA and probes that read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'world-'));
    try {
      const world = generateWorld({ people: 6, seed: 4 });
      const written = writeWorld(world, dir);
      expect(readCorpusDocuments(written.corpusPath)).toEqual(world.documents);
      const facts = JSON.parse(readFileSync(written.factsPath, 'utf8')) as { people: { id: string; group: string }[] };
      expect(facts.people.map((p) => p.group)).toEqual(world.people.map((p) => world.groups[p.id]));
      expect(readFileSync(written.qaPath, 'utf8').trim().split('\n')).toHaveLength(world.qa.length);
      expect(written.people).toBe(6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
