import { Command, CommanderError } from 'commander';
import { describeError } from './cliOutput.ts';
import { registerBenchCommand } from './commands/bench.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerMakeModelCommand } from './commands/makeModel.ts';
import { registerInspectCommand } from './commands/inspect.ts';
import { registerTokenizeCommand } from './commands/tokenize.ts';
import { registerRenderTemplateCommand } from './commands/renderTemplate.ts';
import { registerGenerateCommand } from './commands/generate.ts';
import { registerScoreCommand } from './commands/score.ts';
import { registerModelsCommand } from './commands/models.ts';
import { registerHallucinationCommand } from './commands/hallucination.ts';
import { registerEvalCommand } from './commands/eval.ts';
import { registerDatasetCommand } from './commands/dataset.ts';
import { registerCompareCommand } from './commands/compare.ts';
import { registerWorldCommand } from './commands/world.ts';
import { registerTokenizerTrainCommand } from './commands/tokenizerTrain.ts';
import { registerPretrainCommand } from './commands/pretrain.ts';
import { registerTrainCommand } from './commands/train.ts';
import { registerTrainRewardModelCommand } from './commands/trainRewardModel.ts';
import { registerTrainGrpoCommand } from './commands/trainGrpo.ts';
import { registerLabCompareAlignmentCommand } from './commands/labCompareAlignment.ts';
import { registerWorldChatCommands } from './commands/worldChat.ts';
import { registerAdapterInteropCommands } from './commands/adapterInterop.ts';
import { registerAdapterLibraryCommands } from './commands/adapterLibrary.ts';
import { registerQuantizeCommand } from './commands/quantize.ts';
import { registerMergeCommand } from './commands/merge.ts';
import { registerDistillCommand } from './commands/distill.ts';
import { registerTrainInteropCommands } from './commands/trainInterop.ts';

const program = new Command()
  .name('workbench')
  .description('LLM Workbench on the command line: the same engine as the app')
  .option('--debug', 'print stack traces on errors')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

registerServeCommand(program);
registerBenchCommand(program);
registerMakeModelCommand(program);
registerInspectCommand(program);
registerTokenizeCommand(program);
registerRenderTemplateCommand(program);
registerGenerateCommand(program);
registerScoreCommand(program);
registerModelsCommand(program);
registerHallucinationCommand(program);
registerEvalCommand(program);
registerDatasetCommand(program);
registerCompareCommand(program);
registerWorldCommand(program);
registerTokenizerTrainCommand(program);
registerPretrainCommand(program);
registerTrainCommand(program);
registerTrainRewardModelCommand(program);
registerTrainGrpoCommand(program);
registerLabCompareAlignmentCommand(program);
registerTrainInteropCommands(program);
registerWorldChatCommands(program);
registerAdapterInteropCommands(program);
registerAdapterLibraryCommands(program);
registerQuantizeCommand(program);
registerMergeCommand(program);
registerDistillCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander already printed its message (usage errors, --help).
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  const debug = program.opts<{ debug?: boolean }>().debug ?? process.argv.includes('--debug');
  process.stderr.write(`workbench: ${describeError(error, debug)}\n`);
  const exitCode = (error as { exitCode?: unknown }).exitCode;
  process.exit(typeof exitCode === 'number' && exitCode > 0 ? exitCode : 1);
}
