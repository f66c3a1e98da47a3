import { metadataNumber } from '../../gguf/ggufReader.ts';
import type { GgufMetadata } from '../../gguf/ggufValues.ts';
import type { ResolvedTrainingConfig } from '../../../shared/contract/training.ts';
import type { BundleTarget } from './bundleTarget.ts';

/** general.file_type values of unquantized weights (llama_ftype: ALL_F32, MOSTLY_F16, MOSTLY_BF16). */
const unquantizedFileTypes = new Set([0, 1, 32]);

/** What the bundle cannot carry over from the run, in words, for its README and the CLI. */
export function unmappedSettings(config: ResolvedTrainingConfig, metadata: GgufMetadata, target: BundleTarget, facts: { modelIdKnown: boolean; templateKnown: boolean; initAdapterProblem: string | null }): string[] {
  const notes: string[] = [];
  if (!facts.modelIdKnown) notes.push('The base GGUF names no Hugging Face repository (general.base_model.*, general.source.url or organization/basename): set the model id by hand, or export again with --base-model-id.');
  const fileType = metadataNumber(metadata, 'general.file_type');
  if (fileType !== undefined && !unquantizedFileTypes.has(fileType)) {
    notes.push(`The local base is a quantized GGUF (general.file_type ${fileType}); the cluster trains on the Hugging Face weights in bf16, so losses will differ slightly from a local run.`);
  }
  if (target === 'llama-factory' && !facts.templateKnown) notes.push('The chat template was not recognized as one of LLaMA-Factory\'s; "template: default" is written — set the model\'s template name.');
  if (target === 'llama-factory') notes.push('LLaMA-Factory renders turns with its own named template, not the GGUF\'s Jinja chat template; token-level masks may differ at turn boundaries.');
  if (target === 'trl' && config.objective === 'sft') {
    notes.push('Assistant-only loss: the local trainer learns only the assistant turns; TRL does that with assistant_only_loss=True, which needs a chat template with {% generation %} markers. The script leaves it False (loss on the whole conversation) — turn it on when the template has them.');
  }
  notes.push('Per-message weights are not written (the exported formats have no weight field).');
  notes.push('seed: the same number, but PyTorch draws the LoRA initialisation, dropout masks and data order differently from the local trainer; runs are comparable, not bit-identical.');
  notes.push('per_device_train_batch_size is per GPU: with N GPUs the effective batch is N times the local one; divide gradient_accumulation_steps by N to keep it.');
  if (config.initAdapterPath && facts.initAdapterProblem) {
    notes.push(`The run continues the adapter ${config.initAdapterPath}, which could not be written as PEFT (${facts.initAdapterProblem}); the bundle trains a new adapter instead.`);
  }
  if (config.initAdapterPath && config.objective === 'dpo') {
    notes.push('DPO reference: here the continued adapter is the frozen reference; the PyTorch trainers compare against the base with adapters disabled unless a reference is set (LLaMA-Factory ref_model, TRL ref_adapter_name).');
  }
  if (config.samplePrompts.length > 0) notes.push('Sample generations at checkpoints are a workbench feature; the bundle does not generate them.');
  if (config.threads !== null) notes.push('threads applies to the local CPU trainer only.');
  return notes;
}
