import type { AlignmentMethod, AlignmentStage } from '../../../electron/shared/contract/alignmentComparison.ts';
import type { RewardModelStage } from '../../../electron/shared/contract/rewardModel.ts';
import type { GrpoStage } from '../../../electron/shared/contract/rl.ts';
import type { TrainingStage } from '../../../electron/shared/contract/training.ts';

/** The CLI's English for the stage codes jobs send (the app says them in its own languages). */
export function trainingStageLine(stage: TrainingStage): string {
  switch (stage.code) {
    case 'loading_model':
      return 'loading the model';
    case 'tokenizing':
      return 'tokenizing the data';
    case 'loading_checkpoint':
      return `loading checkpoint ${stage.params.step}`;
    case 'reference_train':
      return `computing reference log-probs of the training pairs ${stage.params.done}/${stage.params.total}`;
    case 'reference_validation':
      return `computing reference log-probs of the validation pairs ${stage.params.done}/${stage.params.total}`;
    case 'saving':
      return 'saving the output';
  }
}

export function rewardModelStageLine(stage: RewardModelStage): string {
  switch (stage.code) {
    case 'pairs_left_out':
      return `${stage.params.pairs} pairs are longer than the ${stage.params.contextTokens}-token context and are left out`;
    case 'scoring_before':
      return 'scoring the pairs before training';
    case 'scoring_after':
      return 'scoring the pairs after training';
  }
}

export function grpoStageLine(stage: GrpoStage): string {
  return `Resumed from the checkpoint at step ${stage.params.step}`;
}

export function alignmentStageLine(method: AlignmentMethod, stage: AlignmentStage): string {
  switch (stage.code) {
    case 'training':
      return `${method}: ${stage.params.steps} steps`;
    case 'training_grpo':
      return `${method}: ${stage.params.steps} steps, ${stage.params.generations} samples per prompt`;
    case 'measuring':
      return `${method}: measuring on ${stage.params.questions} probe questions`;
  }
}
