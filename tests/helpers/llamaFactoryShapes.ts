/**
 * Files shaped like LLaMA-Factory's own demo data (its `data/` folder), written by a seeded generator so the repo
 * carries no third-party text: the same columns, the same dataset_info.json declarations, Chinese text, and row
 * lengths drawn from the demo files' measured length quantiles — including the long tail that does not fit a
 * 1024-token context, which is what broke default runs before (sample prompts longer than the context, epochs
 * counted before long rows were dropped).
 *
 * Measured on LLaMA-Factory's data/ (characters of each row's JSON, ninths of the sorted rows):
 *   alpaca_zh_demo  1000 rows  59 100 131 179 237 311 390 465 … (longest 1,290)
 *   dpo_zh_demo      300 rows  208 465 615 797 1036 1198 1447 2011 3516
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '../../electron/engine/random/seededRandom.ts';

const alpacaLengths = [59, 100, 131, 179, 237, 311, 390, 465, 1290];
const dpoLengths = [208, 465, 615, 797, 1036, 1198, 1447, 2011, 3516];

// Common characters and punctuation; byte-fallback vocabularies spell each as three byte tokens, as they would
// the demo files' text.
const characters = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车';
const punctuation = '，。；：？！';

function chineseText(random: SeededRandom, characterCount: number): string {
  let text = '';
  for (let index = 0; index < characterCount; index++) {
    text += characters[Math.floor(random.nextFloat() * characters.length)];
    if (index % 17 === 16) text += punctuation[Math.floor(random.nextFloat() * punctuation.length)];
  }
  return text;
}

/** A length drawn between two neighbouring quantiles, so the rows follow the measured distribution. */
function drawLength(random: SeededRandom, quantiles: readonly number[]): number {
  const band = Math.floor(random.nextFloat() * (quantiles.length - 1));
  const low = quantiles[band] as number;
  const high = quantiles[band + 1] as number;
  return Math.round(low + random.nextFloat() * (high - low));
}

export interface LlamaFactoryShapedFiles {
  folder: string;
  datasetInfoPath: string;
}

/** Writes alpaca_zh_demo.json, dpo_zh_demo.json and a dataset_info.json naming them, as LLaMA-Factory lays them out. */
export function writeLlamaFactoryShapedFiles(folder: string, counts: { alpacaRows: number; dpoPairs: number }, seed = 11): LlamaFactoryShapedFiles {
  mkdirSync(folder, { recursive: true });
  const random = new SeededRandom(seed, 'llamafactory-shapes');
  const alpaca = Array.from({ length: counts.alpacaRows }, () => {
    const total = drawLength(random, alpacaLengths);
    const instruction = chineseText(random, Math.max(4, Math.round(total * 0.25)));
    const input = random.nextFloat() < 0.3 ? chineseText(random, Math.round(total * 0.15)) : '';
    return { instruction, input, output: chineseText(random, Math.max(2, Math.round(total * 0.6))) };
  });
  const dpo = Array.from({ length: counts.dpoPairs }, () => {
    const total = drawLength(random, dpoLengths);
    const prompt = chineseText(random, Math.max(4, Math.round(total * 0.2)));
    return {
      conversations: [{ from: 'human', value: prompt }],
      chosen: { from: 'gpt', value: chineseText(random, Math.max(2, Math.round(total * 0.35))) },
      rejected: { from: 'gpt', value: chineseText(random, Math.max(2, Math.round(total * 0.3))) },
    };
  });
  writeFileSync(join(folder, 'alpaca_zh_demo.json'), JSON.stringify(alpaca, null, 2));
  writeFileSync(join(folder, 'dpo_zh_demo.json'), JSON.stringify(dpo, null, 2));
  // The declarations are LLaMA-Factory's own for these two files.
  const datasetInfo = {
    alpaca_zh_demo: { file_name: 'alpaca_zh_demo.json' },
    dpo_zh_demo: { file_name: 'dpo_zh_demo.json', ranking: true, formatting: 'sharegpt', columns: { messages: 'conversations', chosen: 'chosen', rejected: 'rejected' } },
  };
  const datasetInfoPath = join(folder, 'dataset_info.json');
  writeFileSync(datasetInfoPath, JSON.stringify(datasetInfo, null, 2));
  return { folder, datasetInfoPath };
}
