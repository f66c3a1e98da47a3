import type { Command } from 'commander';
import { registerWorldIdkDataCommand } from './worldChatIdkData.ts';
import { registerWorldProbeCommand } from './worldChatProbe.ts';
import { registerWorldSftCommand } from './worldChatSft.ts';

/**
 * The world chat lab's commands, under `workbench world` next to `world generate`: sft, probe, idk-data. Reuses
 * the `world` command when it is already registered, so the order of the lines in main.ts does not matter.
 */
export function registerWorldChatCommands(program: Command): void {
  const world = program.commands.find((command) => command.name() === 'world') ?? program.command('world').description('The synthetic world of fictional people used for nano pretraining');
  registerWorldSftCommand(world);
  registerWorldProbeCommand(world);
  registerWorldIdkDataCommand(world);
}
