import { resolve } from 'node:path';
import type { Command } from 'commander';
import { inspectGguf } from '../../../../electron/engine/gguf/inspectGguf.ts';
import type { GgufInspection } from '../../../../electron/engine/gguf/ggufInspection.ts';
import { printJson } from '../cliOutput.ts';

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .description('Show what a GGUF file holds: architecture, size, quantization, tokenizer, chat template')
    .argument('<file>', 'a .gguf model or adapter')
    .option('--json', 'print the full inspection as JSON')
    .action((file: string, options: { json?: boolean }) => {
      // Reads only the header, so a corrupt or absurd file fails in milliseconds with the byte offset.
      const inspection = inspectGguf(resolve(file));
      if (options.json) printJson(inspection);
      else process.stdout.write(describeInspection(inspection));
    });
}

function describeInspection(info: GgufInspection): string {
  const orUnknown = (value: number | string | null): string => (value === null ? '?' : typeof value === 'number' ? value.toLocaleString('en-US') : value);
  const special = Object.entries(info.specialTokens)
    .map(([role, token]) => `${role}=${token.id}${token.text === null ? '' : ` ${JSON.stringify(token.text)}`}`)
    .join(', ');
  const lines = [
    info.path,
    `  ${info.kind} · ${orUnknown(info.architecture)} · ${orUnknown(info.fileType)} · ${orUnknown(info.parameterCount)} parameters · ${orUnknown(info.sizeBytes)} bytes`,
    `  layers ${orUnknown(info.layers)}, embd ${orUnknown(info.embd)}, heads ${orUnknown(info.heads)}/${orUnknown(info.kvHeads)} kv, ffn ${orUnknown(info.ffn)}, context ${orUnknown(info.contextLength)}`,
    `  tokenizer ${orUnknown(info.tokenizerModel)}, vocab ${orUnknown(info.vocabSize)}${special ? `; ${special}` : ''}`,
    `  chat template: ${info.hasChatTemplate ? 'yes' : 'no'} · ${info.tensorCount} tensors (${Object.entries(info.tensorTypes).map(([type, count]) => `${count} ${type}`).join(', ')})`,
  ];
  return `${lines.join('\n')}\n`;
}
